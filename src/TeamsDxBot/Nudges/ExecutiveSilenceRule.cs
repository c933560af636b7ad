using Microsoft.Extensions.Options;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

/// <summary>The promoter is told when no executive message has gone out for a while (30 days by default).</summary>
public sealed class ExecutiveSilenceRule(InitiativeRepository initiatives, IEnumerable<IBroadcastDrafts> drafts, IOptions<NudgeOptions> options) : INudgeRule
{
    public string Key => NudgeRuleKeys.ExecutiveSilence;

    public async Task<IReadOnlyList<NudgeCandidate>> FindAsync(NudgeContext context, CancellationToken ct)
    {
        if (drafts.FirstOrDefault() is not { } broadcast)
        {
            return [];
        }
        var silence = options.Value.ExecutiveSilence;
        var last = await broadcast.LastExecutiveSendAsync(context.TenantId, ct);
        // Without any message yet, the clock starts at the earliest go-live.
        var since = last ?? (await initiatives.ListAsync(context.TenantId, ct)).Select(i => (DateTimeOffset?)new DateTimeOffset(i.GoLive.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)).Min();
        if (since is null || context.Now - since < silence)
        {
            return [];
        }
        var days = (int)(context.Now - since.Value).TotalDays;
        // One reminder per silent stretch, and again each further stretch of the same length.
        var period = $"{since.Value:yyyyMMdd}-{(int)((context.Now - since.Value) / silence)}";
        return context.With(Role.Promoter).Select(p => new NudgeCandidate(Key, p, period,
            (t, _) => Task.FromResult(NudgeCards.ExecutiveSilence(t, days, last is null)))).ToList();
    }
}
