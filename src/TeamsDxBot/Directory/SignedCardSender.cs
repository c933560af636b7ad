using Newtonsoft.Json.Linq;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>
/// A feature whose cards carry, signed, who they were sent to. A press on such a card (Action.Execute) is
/// taken without reading the directory: when a survey goes out to everyone at 10:00 that is hundreds of
/// presses a second. The person returned has staff rights only, so a feature vouches only for cards
/// whose actions need no more.
/// </summary>
public interface ISignedCardSender
{
    /// <summary>Who pressed, as the card proves it; null when the card is not this feature's or does not prove it.</summary>
    Person? Identify(string tenantId, string aadObjectId, string? name, string verb, JObject data);
}
