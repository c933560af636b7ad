using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>
/// What a person sees of questions on request: the <c>questions</c> list (their own, their queue, or everything
/// open for promoters) with the buttons each row allows them, and one question opened again from it.
/// </summary>
public sealed class QuestionViews(QuestionRepository questions, PersonRepository people, DepartmentRepository departments, PersonZones zones, TimeProvider time)
{
    public async Task<JObject> ListAsync(TurnRequest request, CancellationToken ct)
    {
        var me = request.Person.AadObjectId;
        var all = await questions.ListAsync(request.TenantId, ct);
        var now = time.GetUtcNow();
        var (titleKey, shown) = request.User.IsPromoter
            ? (nameof(Strings.Questions_TitleAll), all.Where(q => q.IsOpenForAnswer))
            : request.User.Has(Role.KeyUser)
                ? (nameof(Strings.Questions_TitleQueue), all.Where(q => q.IsOpenForAnswer && q.AssigneeIds.Contains(me)))
                : (nameof(Strings.Questions_TitleMine), all.Where(q => q.AskerId == me));
        var ordered = shown
            .OrderByDescending(q => q.IsOpenForAnswer && q.DueAt < now)
            .ThenBy(q => q.IsOpenForAnswer ? q.DueAt : DateTimeOffset.MaxValue)
            .ThenByDescending(q => q.CreatedAt)
            .ToList();
        var nameOf = await NamesAsync(request, ct);
        return QuestionCards.List(request.T, request.T[titleKey], ordered, now, nameOf, await zones.OfAsync(request.Person, ct), q => RowActions(request.User, q));
    }

    /// <summary>
    /// The buttons a row offers: what the handlers would accept from this reader now. A row is a shortcut,
    /// never a way around them: every press is decided again on the stored question.
    /// </summary>
    public static QuestionRowActions RowActions(UserContext reader, Question q)
    {
        var actions = QuestionRowActions.Open;
        if (q.AskerId == reader.Person.AadObjectId && q.Status == QuestionStatus.Answered)
        {
            actions |= QuestionRowActions.Resolve;
        }
        if (q.IsOpenForAnswer && QuestionHandling.MayHandle(reader, q) && !QuestionHandling.ClaimedByOther(reader, q))
        {
            actions |= QuestionRowActions.Answer;
            if (q.ClaimedBy is null)
            {
                actions |= QuestionRowActions.Claim;
            }
        }
        return actions;
    }

    /// <summary>
    /// The question's own card again, as this reader would have it now: the assignee's card while it is open,
    /// the answerer's (to add to it) or the asker's (solved / still stuck) once answered, else a plain view.
    /// </summary>
    public async Task<(JObject? Card, QuestionResult Result)> OpenAsync(TurnRequest request, string id, CancellationToken ct)
    {
        var q = await questions.GetAsync(request.TenantId, id, ct);
        if (q is null)
        {
            return (null, QuestionResult.NotFound);
        }
        if (!QuestionHandling.MaySee(request.User, q))
        {
            return (null, QuestionResult.NotAllowed);
        }
        var me = request.Person.AadObjectId;
        var t = request.T;
        var zone = await zones.OfAsync(request.Person, ct);
        var department = await DepartmentAsync(q, ct);
        var nameOf = await NamesAsync(request, ct);
        var card = q.IsOpenForAnswer && QuestionHandling.MayHandle(request.User, q) && !QuestionHandling.ClaimedByOther(request.User, q)
                ? QuestionCards.ForAssignee(t, q, department, zone, claimedByYou: q.ClaimedBy == me)
            : q.Status == QuestionStatus.Answered && q.AnsweredBy == me ? QuestionCards.AnsweredByYou(t, q)
            : q.Status == QuestionStatus.Answered && q.AskerId == me ? QuestionCards.AnswerForAsker(t, q, nameOf(q.AnsweredBy ?? ""), q.FullAnswer)
            : QuestionCards.View(t, q, department, nameOf, zone);
        return (card, QuestionResult.Done);
    }

    /// <summary>The claimer's card after 対応します, with the asker, department and due time on their own clock.</summary>
    public async Task<JObject> ClaimedAsync(TurnRequest request, Question q, CancellationToken ct) =>
        QuestionCards.Claimed(request.T, q, await DepartmentAsync(q, ct), await zones.OfAsync(request.Person, ct));

    private async Task<string?> DepartmentAsync(Question q, CancellationToken ct) =>
        q.DepartmentId is { } d ? (await departments.GetAsync(q.TenantId, d, ct))?.Name : null;

    /// <summary>Display names by id; someone no longer known reads as not set.</summary>
    private async Task<Func<string, string>> NamesAsync(TurnRequest request, CancellationToken ct)
    {
        var names = (await people.ListAsync(request.TenantId, ct)).ToDictionary(p => p.AadObjectId, p => p.DisplayName);
        var notSet = request.T[nameof(Strings.Question_NotSet)];
        return id => names.GetValueOrDefault(id) is { Length: > 0 } name ? name : notSet;
    }
}
