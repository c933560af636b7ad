using Newtonsoft.Json.Linq;

namespace TeamsDxBot.Turns;

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
