using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Cards;

namespace TeamsDxBot.Turns;

public static class CardData
{
    /// <summary>Buttons that simply run a chat command (help card, shortcuts) use this verb.</summary>
    public const string CommandVerb = "command";

    /// <summary>An Action.Execute press (adaptiveCard/action invoke): its data, inputs included, with the verb in it.</summary>
    public static bool IsExecute(IActivity activity, out JObject data)
    {
        data = [];
        if (activity.Type != ActivityTypes.Invoke || activity.AsInvokeActivity().Name != AdaptiveCard.ExecuteInvokeName
            || (activity.AsInvokeActivity().Value as JObject)?["action"] is not JObject action)
        {
            return false;
        }
        data = action["data"] as JObject ?? [];
        if (!data.ContainsKey(AdaptiveCard.VerbField) && action["verb"] is JValue { Type: JTokenType.String } verb)
        {
            data[AdaptiveCard.VerbField] = verb;
        }
        return true;
    }

    public static string? String(this JObject data, string name) =>
        data.TryGetValue(name, StringComparison.Ordinal, out var token) && token.Type is not (JTokenType.Null or JTokenType.Undefined)
            ? token.Type == JTokenType.String ? (string?)token : token.ToString(Newtonsoft.Json.Formatting.None)
            : null;
}
