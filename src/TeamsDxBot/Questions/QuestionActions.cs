using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>
/// The buttons of a question's life: the asker sends or drops the draft; key users claim, answer, hand over
/// or extend it; the asker says whether it is solved. The service decides who may do what to which question.
/// </summary>
public sealed class QuestionActions(QuestionService questions, PersonZones zones) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(QuestionCards.SendVerb, Role.Staff, SendAsync),
        new(QuestionCards.CancelVerb, Role.Staff, CancelAsync),
        new(QuestionCards.ClaimVerb, Role.Staff, ClaimAsync),
        new(QuestionCards.AnswerVerb, Role.Staff, AnswerAsync),
        new(QuestionCards.SolvedVerb, Role.Staff, SolvedAsync),
        new(QuestionCards.StuckVerb, Role.Staff, StuckAsync),
        new(QuestionCards.ReassignFormVerb, Role.Staff, ReassignFormAsync),
        new(QuestionCards.ReassignVerb, Role.Staff, ReassignAsync),
        new(QuestionCards.NotAQuestionVerb, Role.Staff, NotAQuestionAsync),
        new(QuestionCards.ExtendVerb, Role.Staff, ExtendAsync),
    ];

    private async Task SendAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var (asked, askResult, route) = await questions.AskAsync(request.User, data.String("text"), data.String("urgent") == "true", ct, data.String("initiativeId"));
        if (asked is null)
        {
            await request.ReplyAsync(request.T.Format(QuestionMessages.For(askResult), Question.MaxLength), ct);
            return;
        }
        await request.ReplaceSubmittedCardAsync(QuestionCards.Sent(request.T, asked, route!.Assignees.Select(p => p.DisplayName).ToList(),
            await zones.OfAsync(request.Person, ct)), ct);
    }

    private Task CancelAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        request.ReplaceSubmittedCardAsync(QuestionCards.Cancelled(request.T), ct);

    private Task ClaimAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, questions.ClaimAsync(request.User, Id(data), ct), question => Task.FromResult(QuestionCards.Claimed(request.T, question)), ct);

    private Task AnswerAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, questions.AnswerAsync(request.User, Id(data), data.String("answer"), ct), question => Task.FromResult(QuestionCards.AnsweredByYou(request.T, question)), ct);

    private Task SolvedAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, questions.ResolveAsync(request.User, Id(data), solved: true, null, ct), question => Task.FromResult(QuestionCards.Resolved(request.T, question)), ct);

    private Task StuckAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, questions.ResolveAsync(request.User, Id(data), solved: false, data.String("followUp"), ct), question => Task.FromResult(QuestionCards.Resolved(request.T, question)), ct);

    private async Task ReassignFormAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var (current, check, candidates) = await questions.ReassignCandidatesAsync(request.User, Id(data), ct);
        await (check == QuestionResult.Done && candidates.Count > 0
            ? request.ReplyAsync(QuestionCards.ReassignForm(request.T, current!, candidates.Select(p => (p.DisplayName, p.AadObjectId))), ct)
            : request.ReplyAsync(request.T.Format(QuestionMessages.For(check == QuestionResult.Done ? QuestionResult.NoOneToAsk : check), Question.MaxLength), ct));
    }

    private Task ReassignAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, questions.ReassignAsync(request.User, Id(data), data.String("to"), data.String("reason"), ct), question => Task.FromResult(QuestionCards.Reassigned(request.T, question)), ct);

    private Task NotAQuestionAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, questions.DismissAsync(request.User, Id(data), data.String("answer"), ct), question => Task.FromResult(QuestionCards.Dismissed(request.T, question)), ct);

    private Task ExtendAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, questions.ExtendAsync(request.User, Id(data), ct), async question => QuestionCards.Extended(request.T, question, await zones.OfAsync(request.Person, ct)), ct);

    private static string Id(JObject data) => data.String("questionId") ?? "";

    /// <summary>Answers a change with the card that replaces the pressed one, or says why nothing changed.</summary>
    private static async Task ChangeAsync(TurnRequest request, Task<(Question? Question, QuestionResult Result)> change, Func<Question, Task<JObject>> card, CancellationToken ct)
    {
        var (question, result) = await change;
        if (result != QuestionResult.Done || question is null)
        {
            await request.ReplyAsync(request.T.Format(QuestionMessages.For(result), Question.MaxLength), ct);
            return;
        }
        await request.ReplaceSubmittedCardAsync(await card(question), ct);
    }
}
