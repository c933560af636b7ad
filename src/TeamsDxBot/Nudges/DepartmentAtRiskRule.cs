using TeamsDxBot.Directory;
using TeamsDxBot.Pulse;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

/// <summary>A department below target or at risk two runs in a row: its key users and the promoters hear about it.</summary>
public sealed class DepartmentAtRiskRule(NudgeFigures figures, DepartmentRepository departments, IEnumerable<IBroadcastDrafts> drafts) : INudgeRule
{
    public string Key => NudgeRuleKeys.DepartmentAtRisk;

    public async Task<IReadOnlyList<NudgeCandidate>> FindAsync(NudgeContext context, CancellationToken ct)
    {
        var names = (await departments.ListAsync(context.TenantId, ct)).ToDictionary(d => d.Id, d => d.Name);
        var result = new List<NudgeCandidate>();
        foreach (var history in await figures.LoadAsync(context.TenantId, ct))
        {
            if (history.Runs.Count < 2)
            {
                continue;
            }
            var latest = history.Runs[^1];
            foreach (var group in latest.Departments.Where(d => !d.Suppressed && d.Key != GroupFigures.Other && d.Key.Length > 0))
            {
                var statuses = NudgeFigures.StatusByRun(history.Initiative, history.Runs, group.Key);
                if (statuses[^1] is not (KpiStatus.AtRisk or KpiStatus.Below) || statuses[^2] is not (KpiStatus.AtRisk or KpiStatus.Below))
                {
                    continue;
                }
                var name = names.GetValueOrDefault(group.Key, group.Key);
                var question = latest.Run.Questions.FirstOrDefault(q => q.Role == PulseRoles.Blockers);
                var readers = context.People.Where(p => p.KeyUserOf.Contains(group.Key)).Concat(context.With(Role.Promoter)).DistinctBy(p => p.AadObjectId);
                foreach (var reader in readers)
                {
                    var isKeyUser = reader.KeyUserOf.Contains(group.Key);
                    var canCreateItems = context.Roles[reader.AadObjectId].Contains(Role.Promoter);
                    result.Add(new NudgeCandidate(Key, reader, $"{latest.Run.Id}|{group.Key}", async (t, token) =>
                    {
                        var blockers = question is null ? [] : group.Blockers.OrderByDescending(b => b.Value).Take(3).Select(b => (PulseCards.AnswerText(t, question, b.Key), b.Value)).ToList();
                        string? draft = null;
                        if (isKeyUser && drafts.FirstOrDefault() is { } broadcast)
                        {
                            var (title, body) = NudgeCards.TipsText(t, history.Initiative.NameFor(t.IsEnglish), blockers.Select(b => b.Item1).FirstOrDefault());
                            draft = await broadcast.CreateDraftAsync(reader, title, body, [group.Key], token);
                        }
                        return NudgeCards.DepartmentAtRisk(t, history.Initiative, name, group, statuses[^1], blockers, draft, drafts.FirstOrDefault()?.ComposeVerb, canCreateItems);
                    }));
                }
            }
        }
        return result;
    }
}
