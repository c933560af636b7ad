using Newtonsoft.Json.Linq;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>An answered question becomes an FAQ entry; a suggested entry settles a question before it is sent.</summary>
public sealed class FaqActions(QuestionService questions) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(FaqCards.AddVerb, Role.Staff, AddAsync),
        new(FaqCards.SolvedByFaqVerb, Role.Staff, SolvedByFaqAsync),
        new(FaqCards.SkipVerb, Role.Staff, SkipAsync),
    ];

    private async Task AddAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var (entry, result) = await questions.AddToFaqAsync(request.User, data.String("questionId") ?? "",
            data.String("faqQuestion"), data.String("faqAnswer"), data.String("companyWide") == "true", ct);
        if (entry is null)
        {
            await request.ReplyAsync(request.T.Format(QuestionMessages.For(result), Question.MaxLength), ct);
            return;
        }
        await request.ReplaceSubmittedCardAsync(FaqCards.Saved(request.T, entry), ct);
    }

    // "Don't add to FAQ": nothing is stored, the offer just goes away so it is not pressed later by mistake.
    private Task SkipAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        request.ReplaceSubmittedCardAsync(FaqCards.Skipped(request.T), ct);

    // Nothing was routed: the question had not been sent yet.
    private Task SolvedByFaqAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        request.ReplaceSubmittedCardAsync(FaqCards.SolvedByFaq(request.T), ct);
}
