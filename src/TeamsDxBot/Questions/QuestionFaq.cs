using TeamsDxBot.Directory;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>Finding FAQ entries for a person, and keeping a solved question's answer in the FAQ.</summary>
public sealed class QuestionFaq(FaqRepository faq, QuestionRepository questions, PersonRepository people, Access access,
    QuestionNotifications notifications, TimeProvider time)
{
    private const double SuggestionScore = 0.5;

    /// <summary>FAQ entries this person may see (their department's and company-wide), best match first.</summary>
    public async Task<IReadOnlyList<FaqEntry>> SearchFaqAsync(UserContext user, string query, int max, double minScore, CancellationToken ct) =>
        (await faq.ListAsync(user.Person.TenantId, ct))
            .Where(e => e.CompanyWide || e.DepartmentId == user.Person.DepartmentId || user.IsPromoter)
            .Select(e => (Entry: e, Score: Math.Max(TextSimilarity.Score(query, e.Question), 0.8 * TextSimilarity.Score(query, e.Answer))))
            .Where(x => x.Score >= minScore)
            .OrderByDescending(x => x.Score)
            .Take(max)
            .Select(x => x.Entry)
            .ToList();

    public Task<IReadOnlyList<FaqEntry>> SimilarAsync(UserContext user, string text, CancellationToken ct) => SearchFaqAsync(user, text, 3, SuggestionScore, ct);

    /// <summary>The person who answered (or a promoter) keeps a solved question; only promoters publish company-wide.</summary>
    public async Task<(FaqEntry? Entry, QuestionResult Result)> AddToFaqAsync(UserContext actor, string id, string? faqQuestion, string? faqAnswer, bool companyWide, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(faqQuestion) || string.IsNullOrWhiteSpace(faqAnswer))
        {
            return (null, QuestionResult.AnswerEmpty);
        }
        if (faqQuestion.Trim().Length > Question.MaxLength || faqAnswer.Trim().Length > FaqEntry.MaxAnswerLength)
        {
            return (null, QuestionResult.TooLong);
        }
        var question = await questions.GetAsync(actor.Person.TenantId, id, ct);
        if (question is null)
        {
            return (null, QuestionResult.NotFound);
        }
        if ((question.AnsweredBy != actor.Person.AadObjectId && !actor.IsPromoter) || (companyWide && !actor.IsPromoter))
        {
            return (null, QuestionResult.NotAllowed);
        }
        var entry = new FaqEntry(question.TenantId, question.Id, question.DepartmentId, faqQuestion.Trim(), faqAnswer.Trim(), companyWide,
            actor.Person.AadObjectId, time.GetUtcNow());
        await faq.SaveAsync(entry, ct);
        if (!companyWide && !actor.IsPromoter)
        {
            // Only promoters publish company-wide: they get the key user's entry, editable, with that choice.
            var promoters = (await people.ListAsync(question.TenantId, ct)).Where(p => access.RolesOf(p).Contains(Role.Promoter)).ToList();
            await notifications.SendAsync($"question:{question.Id}:faq-publish", question, promoters,
                (t, _) => FaqCards.Offer(t, question with { Text = entry.Question }, canPublish: true, savedBy: actor.Person.DisplayName, answer: entry.Answer), ct);
        }
        return (entry, QuestionResult.Done);
    }
}
