using Newtonsoft.Json.Linq;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>What the nudges need of broadcasts: encouragement and tips drafts, and when an executive last spoke.</summary>
public sealed class BroadcastDraftsForNudges(BroadcastService broadcasts) : Nudges.IBroadcastDrafts
{
    public string ComposeVerb => BroadcastCards.ComposeVerb;

    public string SendNowVerb => BroadcastCards.SendNowVerb;

    public async Task<string> CreateDraftAsync(Person author, string title, string body, IReadOnlyList<string> departmentIds, CancellationToken ct) =>
        (await broadcasts.CreateDraftAsync(author, new BroadcastDraft(title, body,
            departmentIds.Count == 0 ? BroadcastAudience.Everyone : BroadcastAudience.Departments, departmentIds, null, Acknowledge: true), ct)).Id;

    public Task<DateTimeOffset?> LastExecutiveSendAsync(string tenantId, CancellationToken ct) => broadcasts.LastExecutiveSendAsync(tenantId, ct);

    public async Task DiscardDraftAsync(UserContext actor, string? id, CancellationToken ct)
    {
        if ((await broadcasts.OpenAsync(actor, id, ct)).Broadcast is { Status: BroadcastStatus.Draft })
        {
            await broadcasts.CancelAsync(actor, id, ct);
        }
    }
}
