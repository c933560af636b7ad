using Newtonsoft.Json.Linq;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

/// <summary>"Skip this month": the ready draft is dropped too, so skipped months leave nothing in <c>broadcasts</c>.</summary>
public sealed class NudgeSkipAction(IEnumerable<IBroadcastDrafts> drafts) : ICardAction
{
    public string Verb => NudgeCards.SkipVerb;
    public Role RequiredRole => Role.Staff;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (drafts.FirstOrDefault() is { } broadcasts && data.String("broadcastId") is { Length: > 0 } id)
        {
            await broadcasts.DiscardDraftAsync(request.User, id, ct);
        }
        await request.ReplaceSubmittedCardAsync(NudgeCards.Skipped(request.T), ct);
    }
}
