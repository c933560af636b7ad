using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>
/// The buttons of a question's life: the asker sends or drops the draft; key users claim, answer, hand over
/// or extend it; the asker says whether it is solved. The service decides who may do what to which question.
/// </summary>
public sealed class QuestionActions(QuestionService questions, QuestionViews views, PersonZones zones) : ICardVerbs
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
        new(QuestionCards.OpenVerb, Role.Staff, OpenAsync),
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
        ChangeAsync(request, data, questions.ClaimAsync(request.User, Id(data), ct), question => views.ClaimedAsync(request, question, ct),
            _ => request.T[nameof(Strings.Question_DoneClaimed)], ct);

    private Task AnswerAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, data, questions.AnswerAsync(request.User, Id(data), Field(data, "answer"), ct), question => Task.FromResult(QuestionCards.AnsweredByYou(request.T, question)),
            question => request.T.Format(nameof(Strings.Question_DoneAnswered), QuestionCards.OrNotSet(request.T, question.AskerName)), ct);

    private Task SolvedAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, data, questions.ResolveAsync(request.User, Id(data), solved: true, null, ct), question => Task.FromResult(QuestionCards.Resolved(request.T, question)),
            _ => request.T[nameof(Strings.Question_DoneSolved)], ct);

    private Task StuckAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, data, questions.ResolveAsync(request.User, Id(data), solved: false, Field(data, "followUp"), ct), question => Task.FromResult(QuestionCards.Resolved(request.T, question)),
            _ => request.T[nameof(Strings.Question_ReopenedTitle)], ct);

    /// <summary>Sends the question's card again (the original has scrolled away); changes nothing.</summary>
    private async Task OpenAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var (card, result) = await views.OpenAsync(request, Id(data), ct);
        await (card is null
            ? request.ReplyAsync(request.T.Format(QuestionMessages.For(result), Question.MaxLength), ct)
            : request.ReplyAsync(card, ct));
    }

    private async Task ReassignFormAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var (current, check, candidates) = await questions.ReassignCandidatesAsync(request.User, Id(data), ct);
        await (check == QuestionResult.Done && candidates.Count > 0
            ? request.ReplyAsync(QuestionCards.ReassignForm(request.T, current!, candidates.Select(p => (p.DisplayName, p.AadObjectId))), ct)
            : request.ReplyAsync(request.T.Format(QuestionMessages.For(check == QuestionResult.Done ? QuestionResult.NoOneToAsk : check), Question.MaxLength), ct));
    }

    private Task ReassignAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, data, questions.ReassignAsync(request.User, Id(data), data.String("to"), data.String("reason"), ct), question => Task.FromResult(QuestionCards.Reassigned(request.T, question)),
            _ => request.T[nameof(Strings.Question_ReassignedTo)], ct);

    private Task NotAQuestionAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, data, questions.DismissAsync(request.User, Id(data), data.String("answer"), ct), question => Task.FromResult(QuestionCards.Dismissed(request.T, question)),
            _ => request.T[nameof(Strings.Question_DismissedTitle)], ct);

    private Task ExtendAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeAsync(request, data, questions.ExtendAsync(request.User, Id(data), ct), async question => QuestionCards.Extended(request.T, question, await zones.OfAsync(request.Person, ct)),
            _ => request.T[nameof(Strings.Question_Updated)], ct);

    private static string Id(JObject data) => data.String("questionId") ?? "";

    /// <summary>A typed field: from the question's own card, else from the list row's input of that question.</summary>
    private static string? Field(JObject data, string name) => data.String(name) ?? data.String(QuestionCards.RowInput(name, Id(data)));

    /// <summary>
    /// Answers a change with the card that replaces the pressed one, or says why nothing changed. Pressed on
    /// the <c>questions</c> list, it says what was done and the list is redrawn as it is now, so the row shows
    /// its new state and no button that no longer applies.
    /// </summary>
    private async Task ChangeAsync(TurnRequest request, JObject data, Task<(Question? Question, QuestionResult Result)> change, Func<Question, Task<JObject>> card,
        Func<Question, string> done, CancellationToken ct)
    {
        var (question, result) = await change;
        var changed = result == QuestionResult.Done && question is not null;
        if (!changed)
        {
            await request.ReplyAsync(request.T.Format(QuestionMessages.For(result), Question.MaxLength), ct);
        }
        if (data.String("from") == QuestionCards.FromList)
        {
            if (changed)
            {
                await request.ReplyAsync(done(question!), ct);
            }
            await request.ReplaceSubmittedCardAsync(await views.ListAsync(request, ct), ct);
        }
        else if (changed)
        {
            await request.ReplaceSubmittedCardAsync(await card(question!), ct);
        }
    }
}
