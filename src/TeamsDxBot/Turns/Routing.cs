using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Cards;

namespace TeamsDxBot.Turns;

/// <summary>A chat command, typed in Japanese or English ("help", "ヘルプ").</summary>
public interface IChatCommand
{
    /// <summary>Canonical English name, also the manifest command title in en-US.</summary>
    string Name { get; }

    /// <summary>Every word that invokes it (case-insensitive), the Japanese ones included.</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>Role the command is listed for in help; anyone may run Staff commands.</summary>
    Role Audience { get; }

    /// <summary>Resource key of the command word as shown in help ("ヘルプ" / "help").</summary>
    string DisplayKey { get; }

    /// <summary>Resource key of the one-line description shown in help.</summary>
    string DescriptionKey { get; }

    /// <summary>Order in the help card.</summary>
    int Order { get; }

    Task RunAsync(TurnRequest request, string arguments, CancellationToken ct);
}

/// <summary>
/// Base for commands: the words in both languages come from the resources (DisplayKey), so the
/// Japanese and English command names cannot drift apart from what help shows.
/// </summary>
public abstract class ChatCommand(string name, string displayKey, string descriptionKey, Role audience, int order, params string[] extraAliases) : IChatCommand
{
    public string Name => name;
    public IReadOnlyList<string> Aliases { get; } =
        [name, Localization.Texts.Japanese[displayKey], Localization.Texts.English[displayKey], .. extraAliases];
    public Role Audience => audience;
    public string DisplayKey => displayKey;
    public string DescriptionKey => descriptionKey;
    public int Order => order;

    public abstract Task RunAsync(TurnRequest request, string arguments, CancellationToken ct);
}

/// <summary>
/// A command everyone may open to look at a list that only promoters change (departments, initiatives):
/// the changes are made on its card, so anything typed after the command is an attempt to change it.
/// </summary>
public interface IListManagedByPromoters : IChatCommand;

/// <summary>A handler for an Action.Submit whose data carries <c>verb</c> = <see cref="Verb"/>.</summary>
public interface ICardAction
{
    string Verb { get; }

    /// <summary>Role required to run it; the router refuses others before the handler runs.</summary>
    Role RequiredRole { get; }

    Task RunAsync(TurnRequest request, JObject data, CancellationToken ct);
}

/// <summary>What a message that is neither a command nor a card becomes; the bot's fallback for free text in the 1:1 chat.</summary>
public interface IFreeTextHandler
{
    Task HandleAsync(TurnRequest request, string text, CancellationToken ct);
}

/// <summary>A file a person drops into the 1:1 chat; false when the message carries none this handler takes.</summary>
public interface IFileUploadHandler
{
    Task<bool> TryHandleAsync(TurnRequest request, CancellationToken ct);
}

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
