using System.Globalization;
using TeamsDxBot.Questions;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

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
