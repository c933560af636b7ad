using System.Globalization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

/// <summary>Once a month each executive gets the company figures and an encouragement draft quoting them.</summary>
public sealed class ExecutiveRhythmRule(NudgeFigures figures, IEnumerable<IBroadcastDrafts> drafts) : INudgeRule
{
    public string Key => NudgeRuleKeys.ExecutiveRhythm;

    public async Task<IReadOnlyList<NudgeCandidate>> FindAsync(NudgeContext context, CancellationToken ct)
    {
        var broadcast = drafts.FirstOrDefault();
        var histories = (await figures.LoadAsync(context.TenantId, ct)).Where(h => h.Runs.Count > 0).ToList();
        if (broadcast is null || histories.Count == 0)
        {
            return [];
        }
        var period = context.Now.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return context.With(Role.Executive).Select(executive => new NudgeCandidate(Key, executive, period, async (t, token) =>
        {
            var lines = histories.Select(h => (h.Initiative, Latest: h.Runs[^1].Company,
                Status: PulseKpis.Status(h.Initiative, h.Runs.Select(r => (r.Run.Date, r.Company.UseRate)).ToList(), DateOnly.FromDateTime(context.Now.UtcDateTime)))).ToList();
            var (title, body) = NudgeCards.EncouragementText(t, lines.Select(l => (l.Initiative, l.Latest)).ToList());
            var draftId = await broadcast.CreateDraftAsync(executive, title, body, [], token);
            return NudgeCards.ExecutiveRhythm(t, lines, body, draftId, broadcast.ComposeVerb, broadcast.SendNowVerb);
        })).ToList();
    }
}
