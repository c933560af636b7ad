using System.Globalization;
using TeamsDxBot.Pulse;

namespace TeamsDxBot.Nudges;

/// <summary>
/// Staff who answered "not at all" in the last two runs get a friendly note naming their key user,
/// at most once a month. Anonymous answers are matched by the respondent key only the bot can compute;
/// nobody sees who they are.
/// </summary>
public sealed class NotUsingRule(NudgeFigures figures, PulseResponseRepository responses, PulseInvitationRepository invitations, PulseKeys keys) : INudgeRule
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<string>> cache = new();

    public string Key => NudgeRuleKeys.NotUsing;

    public async Task<IReadOnlyList<NudgeCandidate>> FindAsync(NudgeContext context, CancellationToken ct)
    {
        var period = context.Now.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var result = new Dictionary<string, NudgeCandidate>();
        foreach (var history in await figures.LoadAsync(context.TenantId, ct))
        {
            if (history.Runs.Count < 2)
            {
                continue;
            }
            var (previous, latest) = (history.Runs[^2].Run, history.Runs[^1].Run);
            var usage = latest.Questions.FirstOrDefault(q => q.Role == PulseRoles.Usage)?.Id;
            if (usage is null)
            {
                continue;
            }
            // Closed runs never change, so who qualifies is worked out once per pair of runs, not every tick.
            var cacheKey = $"{context.TenantId}|{previous.Id}|{latest.Id}";
            if (!cache.TryGetValue(cacheKey, out var twice))
            {
                async Task<HashSet<string>> NotUsedAsync(PulseRun run) =>
                    (await responses.ListAsync(context.TenantId, run.Id, ct)).Where(r => r.Answers.GetValueOrDefault(usage) == PulseRoles.NotUsed).Select(r => r.RespondentKey).ToHashSet();
                var (before, now) = (await NotUsedAsync(previous), await NotUsedAsync(latest));
                var invited = now.Count == 0 || before.Count == 0 ? [] : await invitations.ListAsync(context.TenantId, latest.Id, ct);
                twice = invited.Select(i => i.AadObjectId)
                    .Where(id => now.Contains(keys.RespondentKey(latest.Id, id)) && before.Contains(keys.RespondentKey(previous.Id, id)))
                    .ToHashSet();
                if (cache.Count > 100)
                {
                    cache.Clear();
                }
                cache[cacheKey] = twice;
            }
            foreach (var person in context.People.Where(p => twice.Contains(p.AadObjectId) && !result.ContainsKey(p.AadObjectId)))
            {
                // Named even when off-hours themselves (another time zone): the note is about whom to ask.
                var keyUsers = context.Everyone.Where(k => person.DepartmentId is { } d && k.KeyUserOf.Contains(d) && k.AadObjectId != person.AadObjectId)
                    .Select(k => k.DisplayName).ToList();
                var initiative = history.Initiative;
                result[person.AadObjectId] = new NudgeCandidate(Key, person, period,
                    (t, _) => Task.FromResult(NudgeCards.NotUsing(t, initiative, keyUsers)));
            }
        }
        return result.Values.ToList();
    }
}
