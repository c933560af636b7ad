using Newtonsoft.Json.Linq;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

public sealed class FaqAction(string verb, QuestionService questions) : ICardAction
{
    public string Verb => verb;
    public Role RequiredRole => Role.Staff;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (verb == FaqCards.SolvedByFaqVerb)
        {
            // Nothing was routed: the question had not been sent yet.
            await request.ReplaceSubmittedCardAsync(FaqCards.SolvedByFaq(request.T), ct);
            return;
        }
        var (entry, result) = await questions.AddToFaqAsync(request.User, data.String("questionId") ?? "",
            data.String("faqQuestion"), data.String("faqAnswer"), data.String("companyWide") == "true", ct);
        if (entry is null)
        {
            await request.ReplyAsync(request.T.Format(QuestionMessages.For(result), Question.MaxLength), ct);
            return;
        }
        await request.ReplaceSubmittedCardAsync(FaqCards.Saved(request.T, entry), ct);
    }
}
