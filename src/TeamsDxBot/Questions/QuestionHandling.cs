using Microsoft.Extensions.Options;
using TeamsDxBot.Directory;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>
/// Claiming, answering, handing on, extending, dismissing and closing questions. Every change is decided on
/// the stored row and written with its ETag; what it owes other people is queued after.
/// </summary>
public sealed class QuestionHandling(QuestionRepository questions, DepartmentRepository departments, QuestionRouting routing,
    QuestionNotifications notifications, QuestionHours hours, IOptions<QuestionOptions> options, TimeProvider time)
{
    public async Task<(Question? Question, QuestionResult Result)> ClaimAsync(UserContext actor, string id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await ChangeAsync(actor.Person.TenantId, id, q =>
            !MayHandle(actor, q) ? (null, QuestionResult.NotAllowed)
            : !q.IsOpenForAnswer ? (null, NotOpen(q))
            : q.ClaimedBy is { } other && other != actor.Person.AadObjectId ? (null, QuestionResult.ClaimedByOther)
            // A second press (an older card, the list) changes nothing and tells everyone nothing again.
            : q.ClaimedBy == actor.Person.AadObjectId ? (null, QuestionResult.AlreadyYours)
            : ((q with { Status = QuestionStatus.Claimed, ClaimedBy = actor.Person.AadObjectId }).With(new QuestionEvent(now, actor.Person.AadObjectId, "claimed")),
                QuestionResult.Done), ct);
    }

    public async Task<(Question? Question, QuestionResult Result)> AnswerAsync(UserContext actor, string id, string? answer, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return (null, QuestionResult.AnswerEmpty);
        }
        if (answer.Trim().Length > Question.MaxLength)
        {
            return (null, QuestionResult.TooLong);
        }
        var now = time.GetUtcNow();
        var me = actor.Person.AadObjectId;
        return await ChangeAsync(actor.Person.TenantId, id, q =>
            !MayHandle(actor, q) && q.AnsweredBy != me ? (null, QuestionResult.NotAllowed)
            : q.Status == QuestionStatus.Closed ? (null, QuestionResult.Closed)
            // Whoever answered may add to it (the thread goes on until the asker closes it); anyone else is late.
            : q.Status == QuestionStatus.Answered && q.AnsweredBy != me ? (null, QuestionResult.AlreadyAnswered)
            : q.ClaimedBy is { } other && other != me && !actor.IsPromoter ? (null, QuestionResult.ClaimedByOther)
            : ((q with { Status = QuestionStatus.Answered, AnsweredBy = me, ClaimedBy = me, Answer = answer.Trim() })
                .With(new QuestionEvent(now, me, "answered", answer.Trim())), QuestionResult.Done), ct);
    }

    /// <summary>Who the question can be handed to: the department's other key users and the promoters.</summary>
    public async Task<(Question? Question, QuestionResult Result, IReadOnlyList<Person> Candidates)> ReassignCandidatesAsync(UserContext actor, string id, CancellationToken ct)
    {
        var question = await questions.GetAsync(actor.Person.TenantId, id, ct);
        if (question is null)
        {
            return (null, QuestionResult.NotFound, []);
        }
        if (!MayHandle(actor, question))
        {
            return (question, QuestionResult.NotAllowed, []);
        }
        if (!question.IsOpenForAnswer)
        {
            return (question, NotOpen(question), []);
        }
        if (ClaimedByOther(actor, question))
        {
            return (question, QuestionResult.ClaimedByOther, []);
        }
        return (question, QuestionResult.Done, await routing.HandOverCandidatesAsync(question, actor.Person, ct));
    }

    public async Task<(Question? Question, QuestionResult Result)> ReassignAsync(UserContext actor, string id, string? to, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return (null, QuestionResult.AnswerEmpty);
        }
        var (_, check, candidates) = await ReassignCandidatesAsync(actor, id, ct);
        if (check != QuestionResult.Done)
        {
            return (null, check);
        }
        var target = candidates.FirstOrDefault(p => p.AadObjectId == to);
        if (target is null)
        {
            return (null, QuestionResult.NotAllowed);
        }
        var now = time.GetUtcNow();
        // Checked again on the row written: two people handing it on at once cannot both do it.
        return await ChangeAsync(actor.Person.TenantId, id, q =>
            !MayHandle(actor, q) ? (null, QuestionResult.NotAllowed)
            : !q.IsOpenForAnswer ? (null, NotOpen(q))
            : ClaimedByOther(actor, q) ? (null, QuestionResult.ClaimedByOther)
            : ((q with { AssigneeIds = [target.AadObjectId], ClaimedBy = null, Status = QuestionStatus.Open, Nudged = false })
                .With(new QuestionEvent(now, actor.Person.AadObjectId, "reassigned", $"{target.AadObjectId}:{reason.Trim()}")), QuestionResult.Done), ct);
    }

    /// <summary>A promoter gives an escalated question one more business day; reminders and escalation start over.</summary>
    public async Task<(Question? Question, QuestionResult Result)> ExtendAsync(UserContext actor, string id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var departmentId = (await questions.GetAsync(actor.Person.TenantId, id, ct))?.DepartmentId;
        var businessHours = hours.Of(departmentId is null ? null : await departments.GetAsync(actor.Person.TenantId, departmentId, ct));
        return await ChangeAsync(actor.Person.TenantId, id, q =>
            !actor.IsPromoter ? (null, QuestionResult.NotAllowed)
            : !q.IsOpenForAnswer ? (null, NotOpen(q))
            : ((q with { DueAt = businessHours.Add(now, options.Value.Due), Escalated = false, Nudged = false })
                .With(new QuestionEvent(now, actor.Person.AadObjectId, "extended")), QuestionResult.Done), ct);
    }

    /// <summary>"Not a question": closes it, and the asker is told by whom and why.</summary>
    public async Task<(Question? Question, QuestionResult Result)> DismissAsync(UserContext actor, string id, string? note, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await ChangeAsync(actor.Person.TenantId, id, q =>
            !MayHandle(actor, q) ? (null, QuestionResult.NotAllowed)
            : !q.IsOpenForAnswer ? (null, NotOpen(q))
            : ClaimedByOther(actor, q) ? (null, QuestionResult.ClaimedByOther)
            : ((q with { Status = QuestionStatus.Closed }).With(new QuestionEvent(now, actor.Person.AadObjectId, "not-a-question", note?.Trim())), QuestionResult.Done), ct);
    }

    /// <summary>The asker's verdict on an answer: solved closes it; still stuck reopens it for the same key user.</summary>
    public async Task<(Question? Question, QuestionResult Result)> ResolveAsync(UserContext asker, string id, bool solved, string? followUp, CancellationToken ct)
    {
        if (!solved && QuestionService.Validate(followUp) is { } problem)
        {
            return (null, problem == QuestionResult.Empty ? QuestionResult.AnswerEmpty : problem);
        }
        var now = time.GetUtcNow();
        // A follow-up gets a fresh due time: the old one may be long past, which would escalate it at once.
        var current = await questions.GetAsync(asker.Person.TenantId, id, ct);
        var businessHours = hours.Of(current?.DepartmentId is { } departmentId ? await departments.GetAsync(asker.Person.TenantId, departmentId, ct) : null);
        return await ChangeAsync(asker.Person.TenantId, id, q =>
            q.AskerId != asker.Person.AadObjectId ? (null, QuestionResult.NotAllowed)
            : q.Status == QuestionStatus.Closed ? (null, QuestionResult.Closed)
            : q.Status != QuestionStatus.Answered ? (null, QuestionResult.NotAllowed)
            : solved
                ? ((q with { Status = QuestionStatus.Closed }).With(new QuestionEvent(now, asker.Person.AadObjectId, "closed")), QuestionResult.Done)
                : (Reopened(q, businessHours.Add(now, q.Urgent ? options.Value.UrgentDue : options.Value.Due))
                    .With(new QuestionEvent(now, asker.Person.AadObjectId, "reopened", followUp!.Trim())), QuestionResult.Done), ct);
    }

    private static Question Reopened(Question q, DateTimeOffset due) =>
        q with { Status = QuestionStatus.Reopened, DueAt = due, Nudged = false, Escalated = false };

    private static QuestionResult NotOpen(Question q) => q.Status == QuestionStatus.Closed ? QuestionResult.Closed : QuestionResult.AlreadyAnswered;

    /// <summary>Applies a change decided on the stored row, then queues the messages it owes.</summary>
    private async Task<(Question? Question, QuestionResult Result)> ChangeAsync(string tenantId, string id,
        Func<Question, (Question? Changed, QuestionResult Result)> decide, CancellationToken ct)
    {
        var (question, result) = await questions.UpdateAsync(tenantId, id, decide, QuestionResult.NotFound, ct);
        if (result == QuestionResult.Done && question is not null)
        {
            await notifications.NotifyAsync(question, ct);
        }
        return (question, result);
    }

    /// <summary>
    /// A promoter, or an assignee who is still a key user of the question's department: someone whose
    /// key-user role was taken away no longer acts on questions routed to them before.
    /// </summary>
    internal static bool MayHandle(UserContext actor, Question q) =>
        actor.IsPromoter || (q.AssigneeIds.Contains(actor.Person.AadObjectId) && q.DepartmentId is { } d && actor.Person.KeyUserOf.Contains(d));

    /// <summary>Claimed by another key user: only the claimer (or a promoter) hands it on or closes it.</summary>
    internal static bool ClaimedByOther(UserContext actor, Question q) =>
        q.ClaimedBy is { } other && other != actor.Person.AadObjectId && !actor.IsPromoter;

    /// <summary>Who may open a question: the asker, whoever may handle it, whoever answered it, the promoters.</summary>
    internal static bool MaySee(UserContext actor, Question q) =>
        q.AskerId == actor.Person.AadObjectId || q.AnsweredBy == actor.Person.AadObjectId || MayHandle(actor, q);
}
