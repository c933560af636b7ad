using System.Globalization;
using TeamsDxBot.Questions;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

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
