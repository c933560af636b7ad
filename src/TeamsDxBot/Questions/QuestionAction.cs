using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

public sealed class QuestionAction(string verb, QuestionService questions, PersonZones zones) : ICardAction
{
    public string Verb => verb;
    public Role RequiredRole => Role.Staff;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (verb == QuestionCards.CancelVerb)
        {
            await request.ReplaceSubmittedCardAsync(QuestionCards.Cancelled(request.T), ct);
            return;
        }
        if (verb == QuestionCards.SendVerb)
        {
            var (asked, askResult, route) = await questions.AskAsync(request.User, data.String("text"), data.String("urgent") == "true", ct, data.String("initiativeId"));
            if (asked is null)
            {
                await request.ReplyAsync(request.T.Format(QuestionMessages.For(askResult), Question.MaxLength), ct);
                return;
            }
            await request.ReplaceSubmittedCardAsync(QuestionCards.Sent(request.T, asked, route!.Assignees.Select(p => p.DisplayName).ToList(),
                await zones.OfAsync(request.Person, ct)), ct);
            return;
        }
        var id = data.String("questionId") ?? "";
        if (verb == QuestionCards.ReassignFormVerb)
        {
            var (current, check, candidates) = await questions.ReassignCandidatesAsync(request.User, id, ct);
            await (check == QuestionResult.Done && candidates.Count > 0
                ? request.ReplyAsync(QuestionCards.ReassignForm(request.T, current!, candidates.Select(p => (p.DisplayName, p.AadObjectId))), ct)
                : request.ReplyAsync(request.T.Format(QuestionMessages.For(check == QuestionResult.Done ? QuestionResult.NoOneToAsk : check), Question.MaxLength), ct));
            return;
        }
        var (question, result) = verb switch
        {
            QuestionCards.ClaimVerb => await questions.ClaimAsync(request.User, id, ct),
            QuestionCards.AnswerVerb => await questions.AnswerAsync(request.User, id, data.String("answer"), ct),
            QuestionCards.SolvedVerb => await questions.ResolveAsync(request.User, id, solved: true, null, ct),
            QuestionCards.ReassignVerb => await questions.ReassignAsync(request.User, id, data.String("to"), data.String("reason"), ct),
            QuestionCards.NotAQuestionVerb => await questions.DismissAsync(request.User, id, data.String("answer"), ct),
            QuestionCards.ExtendVerb => await questions.ExtendAsync(request.User, id, ct),
            _ => await questions.ResolveAsync(request.User, id, solved: false, data.String("followUp"), ct),
        };
        if (result != QuestionResult.Done || question is null)
        {
            await request.ReplyAsync(request.T.Format(QuestionMessages.For(result), Question.MaxLength), ct);
            return;
        }
        await request.ReplaceSubmittedCardAsync(verb switch
        {
            QuestionCards.ClaimVerb => QuestionCards.Claimed(request.T, question),
            QuestionCards.AnswerVerb => QuestionCards.AnsweredByYou(request.T, question),
            QuestionCards.ReassignVerb => QuestionCards.Reassigned(request.T, question),
            QuestionCards.NotAQuestionVerb => QuestionCards.Dismissed(request.T, question),
            QuestionCards.ExtendVerb => QuestionCards.Extended(request.T, question, await zones.OfAsync(request.Person, ct)),
            _ => QuestionCards.Resolved(request.T, question),
        }, ct);
    }
}
