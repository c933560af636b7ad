using Newtonsoft.Json.Linq;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Bot;

/// <summary>
/// The ids a card carries back (<c>questionId</c>, <c>broadcastId</c>, <c>departmentIds</c>…) become
/// table keys in the handlers; by convention every such field name ends in <c>Id</c> or <c>Ids</c>.
/// </summary>
public static class CardIds
{
    /// <summary>The first id field whose value no card of the bot's could have sent, or null.</summary>
    public static string? FirstUnusable(JObject data)
    {
        foreach (var property in data.Properties())
        {
            if (property.Value.Type is JTokenType.Null or JTokenType.Undefined)
            {
                continue;
            }
            var usable = property.Name.EndsWith("Id", StringComparison.Ordinal)
                ? property.Value.Type == JTokenType.String && Usable((string)property.Value!)
                : !property.Name.EndsWith("Ids", StringComparison.Ordinal)
                  || (property.Value.Type == JTokenType.String && ((string)property.Value!).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).All(TableKeys.IsSafe));
            if (!usable)
            {
                return property.Name;
            }
        }
        return null;
    }

    /// <summary>An empty id means "none chosen", which each handler answers itself.</summary>
    private static bool Usable(string id) => id.Length == 0 || TableKeys.IsSafe(id);
}
