using TeamsDxBot.Anonymity;
using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

/// <summary>Closed pulse runs of each initiative with their figures, read once per tenant and tick.</summary>
public sealed class NudgeFigures(InitiativeRepository initiatives, PulseRunRepository runs, IOptions<AnonymityOptions> anonymity)
{
    public sealed record InitiativeHistory(Initiative Initiative, IReadOnlyList<RunFigures> Runs);

    public async Task<IReadOnlyList<InitiativeHistory>> LoadAsync(string tenantId, CancellationToken ct)
    {
        var all = await runs.ListAsync(tenantId, ct);
        return (await initiatives.ListAsync(tenantId, ct)).Select(i => new InitiativeHistory(i,
            all.Where(r => r.InitiativeId == i.Id && r.Kind == PulseRunKind.Pulse && r.Summary is not null)
                .OrderBy(r => r.LocalTime).ThenBy(r => r.CreatedAt)
                .Select(r => PulseKpis.Figures(r, r.Summary!, anonymity.Value.Threshold)).ToList())).ToList();
    }

    /// <summary>A department's status after each run, judged on the trend up to that run.</summary>
    public static IReadOnlyList<KpiStatus> StatusByRun(Initiative initiative, IReadOnlyList<RunFigures> history, string department)
    {
        var result = new List<KpiStatus>();
        for (var i = 0; i < history.Count; i++)
        {
            var trend = history.Take(i + 1).Select(h => (h.Run.Date, h.For(department) is { Suppressed: false } f ? f.UseRate : null)).ToList();
            result.Add(PulseKpis.Status(initiative, trend, history[i].Run.Date));
        }
        return result;
    }
}

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
                            var (title, body) = NudgeCards.TipsText(t, history.Initiative.Name, blockers.Select(b => b.Item1).FirstOrDefault());
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

/// <summary>Key users with overdue questions, once a day.</summary>
public sealed class OverdueQuestionsRule(QuestionRepository questions) : INudgeRule
{
    public string Key => NudgeRuleKeys.OverdueQuestions;

    public async Task<IReadOnlyList<NudgeCandidate>> FindAsync(NudgeContext context, CancellationToken ct)
    {
        var overdue = (await questions.ListAsync(context.TenantId, ct)).Where(q => q.IsOpenForAnswer && q.DueAt < context.Now).ToList();
        return context.People
            .Select(p => (Person: p, Count: overdue.Count(q => (q.ClaimedBy ?? "") == p.AadObjectId || (q.ClaimedBy is null && q.AssigneeIds.Contains(p.AadObjectId)))))
            .Where(x => x.Count > 0 && context.Roles[x.Person.AadObjectId].Contains(Role.KeyUser))
            .Select(x => new NudgeCandidate(Key, x.Person, context.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                (t, _) => Task.FromResult(NudgeCards.OverdueQuestions(t, x.Count))))
            .ToList();
    }
}

/// <summary>Promoters with escalated questions still unanswered, once a day.</summary>
public sealed class UnansweredEscalationsRule(QuestionRepository questions) : INudgeRule
{
    public string Key => NudgeRuleKeys.UnansweredEscalations;

    public async Task<IReadOnlyList<NudgeCandidate>> FindAsync(NudgeContext context, CancellationToken ct)
    {
        var count = (await questions.ListAsync(context.TenantId, ct)).Count(q => q.IsOpenForAnswer && q.Escalated);
        return count == 0 ? [] : context.With(Role.Promoter)
            .Select(p => new NudgeCandidate(Key, p, context.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                (t, _) => Task.FromResult(NudgeCards.UnansweredEscalations(t, count))))
            .ToList();
    }
}
