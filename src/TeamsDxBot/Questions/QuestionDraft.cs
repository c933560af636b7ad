using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>Shows the question back with who will get it; nothing is stored until the person confirms.</summary>
public sealed class QuestionDraft(QuestionService questions) : IFreeTextHandler
{
    public Task HandleAsync(TurnRequest request, string text, CancellationToken ct) => ShowAsync(request, text, ct);

    public async Task ShowAsync(TurnRequest request, string? text, CancellationToken ct)
    {
        if (QuestionService.Validate(text) is { } problem)
        {
            await request.ReplyAsync(request.T.Format(QuestionMessages.For(problem), Question.MaxLength), ct);
            return;
        }
        var route = await questions.RouteAsync(request.Person, ct);
        if (route.Assignees.Count == 0)
        {
            await request.ReplyAsync(request.T[QuestionMessages.For(QuestionResult.NoOneToAsk)], ct);
            return;
        }
        var similar = await questions.SimilarAsync(request.User, text!, ct);
        var initiatives = (await questions.InitiativesForAsync(request.Person, ct)).Select(i => (i.Name, i.Id)).ToList();
        await request.ReplyAsync(QuestionCards.Confirm(request.T, text!.Trim(), route.Assignees.Select(p => p.DisplayName).ToList(),
            route.Department?.Name, route.ToPromoters, questions.UrgentDue(request.T), similar, initiatives), ct);
    }
}
