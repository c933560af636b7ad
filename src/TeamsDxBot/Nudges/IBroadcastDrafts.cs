using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

/// <summary>Executive encouragement drafts and when an executive last spoke (the broadcasts feature provides them).</summary>
public interface IBroadcastDrafts
{
    /// <summary>Stores a draft to everyone (or to departments) by this author and returns its id.</summary>
    Task<string> CreateDraftAsync(Person author, string title, string body, IReadOnlyList<string> departmentIds, CancellationToken ct);

    Task<DateTimeOffset?> LastExecutiveSendAsync(string tenantId, CancellationToken ct);

    /// <summary>Opens the composer on a draft (data: broadcastId).</summary>
    string ComposeVerb { get; }

    /// <summary>Sends a draft now (data: broadcastId).</summary>
    string SendNowVerb { get; }

    /// <summary>Drops a draft the person may manage, if it is still a draft (a skipped encouragement).</summary>
    Task DiscardDraftAsync(UserContext actor, string? id, CancellationToken ct);
}
