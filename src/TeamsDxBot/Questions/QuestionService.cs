using Microsoft.Extensions.Options;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;

namespace TeamsDxBot.Questions;

public enum QuestionResult
{
    Done,
    Empty,
    TooLong,
    NoOneToAsk,
    NotFound,
    NotAllowed,
    AlreadyAnswered,
    Closed,
    ClaimedByOther,
    AnswerEmpty,
    UnknownInitiative,
}

/// <summary>Who gets a question: the asker's department's key users, else the promoters.</summary>
public sealed record QuestionRoute(IReadOnlyList<Person> Assignees, Department? Department, bool ToPromoters);

/// <summary>
/// Asking, claiming, answering and closing questions. Every change is decided on the stored row and
/// written with its ETag; messages to other people go through the delivery engine.
/// </summary>
public sealed class QuestionService(QuestionRepository questions, PersonRepository people, DepartmentRepository departments,
    Access access, Outbox outbox, OutboxRepository deliveries, FaqRepository faq, InitiativeRepository initiatives,
    IOptions<QuestionOptions> options, TimeProvider time, ILogger<QuestionService> logger)
{
    private const double SuggestionScore = 0.5;

    private readonly BusinessHours hours = options.Value.Hours();

    public static QuestionResult? Validate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? QuestionResult.Empty
        : text.Trim().Length > Question.MaxLength ? QuestionResult.TooLong
        : null;

    public async Task<QuestionRoute> RouteAsync(Person asker, CancellationToken ct)
    {
        var everyone = await people.ListAsync(asker.TenantId, ct);
        var department = asker.DepartmentId is null ? null : await departments.GetAsync(asker.TenantId, asker.DepartmentId, ct);
        var keyUsers = department is null ? [] : everyone.Where(p => p.KeyUserOf.Contains(department.Id) && p.AadObjectId != asker.AadObjectId).ToList();
        if (keyUsers.Count > 0)
        {
            return new QuestionRoute(keyUsers, department, ToPromoters: false);
        }
        var promoters = everyone.Where(p => p.AadObjectId != asker.AadObjectId && access.RolesOf(p).Contains(Role.Promoter)).ToList();
        return new QuestionRoute(promoters, department, ToPromoters: true);
    }

    /// <summary>Initiatives a person's question may be about: those covering their department (or everyone).</summary>
    public async Task<IReadOnlyList<Initiative>> InitiativesForAsync(Person asker, CancellationToken ct) =>
        (await initiatives.ListAsync(asker.TenantId, ct))
            .Where(i => i.DepartmentIds.Count == 0 || (asker.DepartmentId is { } d && i.DepartmentIds.Contains(d)))
            .ToList();

    public async Task<(Question? Question, QuestionResult Result, QuestionRoute? Route)> AskAsync(UserContext asker, string? text, bool urgent, CancellationToken ct, string? initiativeId = null)
    {
        if (Validate(text) is { } problem)
        {
            return (null, problem, null);
        }
        Initiative? initiative = null;
        if (!string.IsNullOrEmpty(initiativeId))
        {
            initiative = (await InitiativesForAsync(asker.Person, ct)).FirstOrDefault(i => i.Id == initiativeId);
            if (initiative is null)
            {
                return (null, QuestionResult.UnknownInitiative, null);
            }
        }
        var route = await RouteAsync(asker.Person, ct);
        if (route.Assignees.Count == 0)
        {
            return (null, QuestionResult.NoOneToAsk, route);
        }
        var now = time.GetUtcNow();
        var question = new Question
        {
            TenantId = asker.Person.TenantId,
            Id = Guid.NewGuid().ToString("N")[..12],
            AskerId = asker.Person.AadObjectId,
            AskerName = asker.Person.DisplayName,
            DepartmentId = route.Department?.Id,
            Text = text!.Trim(),
            Urgent = urgent,
            InitiativeId = initiative?.Id,
            InitiativeName = initiative?.Name,
            Status = QuestionStatus.Open,
            AssigneeIds = route.Assignees.Select(p => p.AadObjectId).ToList(),
            CreatedAt = now,
            DueAt = HoursOf(route.Department).Add(now, urgent ? options.Value.UrgentDue : options.Value.Due),
        }.With(new QuestionEvent(now, asker.Person.AadObjectId, "asked"));
        await questions.AddAsync(question, ct);
        await SendAsync(AssigneeMessage(question.Id), question, route.Assignees, (t, _) => QuestionCards.ForAssignee(t, question, route.Department?.Name), ct);
        logger.LogInformation("Question {QuestionId} asked by {Asker} routed to {Count} people", question.Id, asker.Person.AadObjectId, route.Assignees.Count);
        return (question, QuestionResult.Done, route);
    }

    public async Task<(Question? Question, QuestionResult Result)> ClaimAsync(UserContext actor, string id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (question, result) = await questions.UpdateAsync<QuestionResult>(actor.Person.TenantId, id, q =>
            !MayHandle(actor, q) ? (null, QuestionResult.NotAllowed)
            : !q.IsOpenForAnswer ? (null, q.Status == QuestionStatus.Closed ? QuestionResult.Closed : QuestionResult.AlreadyAnswered)
            : q.ClaimedBy is { } other && other != actor.Person.AadObjectId ? (null, QuestionResult.ClaimedByOther)
            : ((q with { Status = QuestionStatus.Claimed, ClaimedBy = actor.Person.AadObjectId }).With(new QuestionEvent(now, actor.Person.AadObjectId, "claimed")),
                QuestionResult.Done),
            QuestionResult.NotFound, ct);
        if (result == QuestionResult.Done && question is not null)
        {
            await UpdateOtherAssigneesAsync(question, actor.Person, "claimed", ct);
        }
        return (question, result);
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
        var (question, result) = await questions.UpdateAsync<QuestionResult>(actor.Person.TenantId, id, q =>
            !MayHandle(actor, q) ? (null, QuestionResult.NotAllowed)
            : q.Status == QuestionStatus.Closed ? (null, QuestionResult.Closed)
            : q.Status == QuestionStatus.Answered ? (null, QuestionResult.AlreadyAnswered)
            : q.ClaimedBy is { } other && other != actor.Person.AadObjectId && !actor.IsPromoter ? (null, QuestionResult.ClaimedByOther)
            : ((q with { Status = QuestionStatus.Answered, AnsweredBy = actor.Person.AadObjectId, ClaimedBy = actor.Person.AadObjectId, Answer = answer.Trim() })
                .With(new QuestionEvent(now, actor.Person.AadObjectId, "answered", answer.Trim())), QuestionResult.Done),
            QuestionResult.NotFound, ct);
        if (result != QuestionResult.Done || question is null)
        {
            return (question, result);
        }
        var asker = await people.GetAsync(question.TenantId, question.AskerId, ct);
        if (asker is not null)
        {
            var round = question.History.Count(e => e.Kind == "answered");
            await SendAsync($"{AssigneeMessage(question.Id)}:answer{round}", question, [asker], (t, _) => QuestionCards.AnswerForAsker(t, question, actor.Person.DisplayName), ct);
        }
        await UpdateOtherAssigneesAsync(question, actor.Person, "answered", ct);
        return (question, result);
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
            return (question, question.Status == QuestionStatus.Closed ? QuestionResult.Closed : QuestionResult.AlreadyAnswered, []);
        }
        var candidates = (await people.ListAsync(question.TenantId, ct))
            .Where(p => p.AadObjectId != actor.Person.AadObjectId && p.AadObjectId != question.AskerId)
            .Where(p => (question.DepartmentId is { } d && p.KeyUserOf.Contains(d)) || access.RolesOf(p).Contains(Role.Promoter))
            .OrderBy(p => p.DisplayName, StringComparer.CurrentCulture)
            .ToList();
        return (question, QuestionResult.Done, candidates);
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
        var (question, result) = await questions.UpdateAsync<QuestionResult>(actor.Person.TenantId, id, q =>
            !q.IsOpenForAnswer ? (null, q.Status == QuestionStatus.Closed ? QuestionResult.Closed : QuestionResult.AlreadyAnswered)
            : ((q with { AssigneeIds = [target.AadObjectId], ClaimedBy = null, Status = QuestionStatus.Open, Nudged = false })
                .With(new QuestionEvent(now, actor.Person.AadObjectId, "reassigned", $"{target.AadObjectId}: {reason.Trim()}")), QuestionResult.Done),
            QuestionResult.NotFound, ct);
        if (result == QuestionResult.Done && question is not null)
        {
            var round = question.History.Count(e => e.Kind == "reassigned");
            var department = question.DepartmentId is null ? null : await departments.GetAsync(question.TenantId, question.DepartmentId, ct);
            await SendAsync($"{AssigneeMessage(question.Id)}:reassigned{round}", question, [target], (t, _) => QuestionCards.ForAssignee(t, question, department?.Name), ct);
        }
        return (question, result);
    }

    /// <summary>A promoter gives an escalated question one more business day; reminders and escalation start over.</summary>
    public async Task<(Question? Question, QuestionResult Result)> ExtendAsync(UserContext actor, string id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var departmentId = (await questions.GetAsync(actor.Person.TenantId, id, ct))?.DepartmentId;
        var businessHours = HoursOf(departmentId is null ? null : await departments.GetAsync(actor.Person.TenantId, departmentId, ct));
        return await questions.UpdateAsync<QuestionResult>(actor.Person.TenantId, id, q =>
            !actor.IsPromoter ? (null, QuestionResult.NotAllowed)
            : !q.IsOpenForAnswer ? (null, q.Status == QuestionStatus.Closed ? QuestionResult.Closed : QuestionResult.AlreadyAnswered)
            : ((q with { DueAt = businessHours.Add(now, options.Value.Due), Escalated = false, Nudged = false })
                .With(new QuestionEvent(now, actor.Person.AadObjectId, "extended")), QuestionResult.Done),
            QuestionResult.NotFound, ct);
    }

    /// <summary>"Not a question": closes it, and the asker is told by whom and why.</summary>
    public async Task<(Question? Question, QuestionResult Result)> DismissAsync(UserContext actor, string id, string? note, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (question, result) = await questions.UpdateAsync<QuestionResult>(actor.Person.TenantId, id, q =>
            !MayHandle(actor, q) ? (null, QuestionResult.NotAllowed)
            : !q.IsOpenForAnswer ? (null, q.Status == QuestionStatus.Closed ? QuestionResult.Closed : QuestionResult.AlreadyAnswered)
            : ((q with { Status = QuestionStatus.Closed }).With(new QuestionEvent(now, actor.Person.AadObjectId, "not-a-question", note?.Trim())), QuestionResult.Done),
            QuestionResult.NotFound, ct);
        if (result == QuestionResult.Done && question is not null && await people.GetAsync(question.TenantId, question.AskerId, ct) is { } asker)
        {
            await SendAsync($"{AssigneeMessage(question.Id)}:dismissed", question, [asker], (t, _) => QuestionCards.DismissedForAsker(t, question, actor.Person.DisplayName, note), ct);
            await UpdateOtherAssigneesAsync(question, actor.Person, "answered", ct);
        }
        return (question, result);
    }

    /// <summary>The asker's verdict on an answer: solved closes it; still stuck reopens it for the same key user.</summary>
    public async Task<(Question? Question, QuestionResult Result)> ResolveAsync(UserContext asker, string id, bool solved, string? followUp, CancellationToken ct)
    {
        if (!solved && Validate(followUp) is { } problem)
        {
            return (null, problem == QuestionResult.Empty ? QuestionResult.AnswerEmpty : problem);
        }
        var now = time.GetUtcNow();
        var (question, result) = await questions.UpdateAsync<QuestionResult>(asker.Person.TenantId, id, q =>
            q.AskerId != asker.Person.AadObjectId ? (null, QuestionResult.NotAllowed)
            : q.Status == QuestionStatus.Closed ? (null, QuestionResult.Closed)
            : q.Status != QuestionStatus.Answered ? (null, QuestionResult.NotAllowed)
            : solved
                ? ((q with { Status = QuestionStatus.Closed }).With(new QuestionEvent(now, asker.Person.AadObjectId, "closed")), QuestionResult.Done)
                : ((q with { Status = QuestionStatus.Reopened }).With(new QuestionEvent(now, asker.Person.AadObjectId, "reopened", followUp!.Trim())), QuestionResult.Done),
            QuestionResult.NotFound, ct);
        if (result == QuestionResult.Done && question is { Status: QuestionStatus.Closed, AnsweredBy: { } solver } &&
            await people.GetAsync(question.TenantId, solver, ct) is { } answeredBy)
        {
            await UpdateAssigneeCardsAsync(question, except: null, "closed", t => QuestionCards.ClosedForAssignee(t, question), ct);
            // The answer worked: offer to keep it in the FAQ for the next person.
            await SendAsync($"{AssigneeMessage(question.Id)}:faq", question, [answeredBy],
                (t, p) => FaqCards.Offer(t, question, access.RolesOf(p).Contains(Role.Promoter)), ct);
        }
        if (result == QuestionResult.Done && question is { Status: QuestionStatus.Reopened, AnsweredBy: { } answerer } &&
            await people.GetAsync(question.TenantId, answerer, ct) is { } keyUser)
        {
            var round = question.History.Count(e => e.Kind == "reopened");
            var department = question.DepartmentId is null ? null : await departments.GetAsync(question.TenantId, question.DepartmentId, ct);
            await SendAsync($"{AssigneeMessage(question.Id)}:followup{round}", question, [keyUser], (t, _) => QuestionCards.ForAssignee(t, question, department?.Name), ct);
        }
        return (question, result);
    }

    /// <summary>
    /// A nearly due question reminds its assignees once; an overdue one goes to the promoters once.
    /// Each is decided with an ETag-guarded write, so two instances running this never both send.
    /// </summary>
    public async Task<(int Nudged, int Escalated)> CheckDeadlinesAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (nudged, escalated) = (0, 0);
        foreach (var candidate in await questions.ListAwaitingAnswerAsync(now + options.Value.NudgeBefore, ct))
        {
            var overdue = candidate.DueAt <= now;
            var (question, changed) = await questions.UpdateAsync<bool>(candidate.TenantId, candidate.Id, q =>
                !q.IsOpenForAnswer || q.Escalated ? (null, false)
                : q.DueAt <= now ? ((q with { Escalated = true, Nudged = true }).With(new QuestionEvent(now, "system", "escalated")), true)
                : !q.Nudged && q.DueAt <= now + options.Value.NudgeBefore ? ((q with { Nudged = true }).With(new QuestionEvent(now, "system", "nudged")), true)
                : (null, false), false, ct);
            if (!changed || question is null)
            {
                continue;
            }
            var department = question.DepartmentId is null ? null : await departments.GetAsync(question.TenantId, question.DepartmentId, ct);
            var everyone = await people.ListAsync(question.TenantId, ct);
            if (overdue)
            {
                var promoters = everyone.Where(p => access.RolesOf(p).Contains(Role.Promoter)).ToList();
                await SendAsync($"{AssigneeMessage(question.Id)}:escalated", question, promoters, (t, _) => QuestionCards.Escalated(t, question, department?.Name), ct);
                var asker = everyone.Where(p => p.AadObjectId == question.AskerId).ToList();
                await SendAsync($"{AssigneeMessage(question.Id)}:escalated-asker", question, asker, (t, _) => QuestionCards.EscalatedForAsker(t, question), ct);
                escalated++;
            }
            else
            {
                IReadOnlyList<string> remind = question.ClaimedBy is { } claimer ? [claimer] : question.AssigneeIds;
                var assignees = everyone.Where(p => remind.Contains(p.AadObjectId)).ToList();
                await SendAsync($"{AssigneeMessage(question.Id)}:nudge", question, assignees, (t, _) => QuestionCards.Reminder(t, question, department?.Name), ct);
                nudged++;
            }
        }
        if (nudged + escalated > 0)
        {
            logger.LogInformation("Question deadlines: {Nudged} reminded, {Escalated} escalated", nudged, escalated);
        }
        return (nudged, escalated);
    }

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
        if (faqQuestion.Trim().Length > Question.MaxLength || faqAnswer.Trim().Length > Question.MaxLength)
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
        return (entry, QuestionResult.Done);
    }

    /// <summary>Business hours in the department's time zone when it has one, else the company's.</summary>
    private BusinessHours HoursOf(Department? department) =>
        department?.TimeZone is { } zone && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz) ? hours with { Zone = tz } : hours;

    private static string AssigneeMessage(string questionId) => "question:" + questionId;

    /// <summary>Assignees and promoters may act; a key user of another department may not.</summary>
    private static bool MayHandle(UserContext actor, Question q) =>
        q.AssigneeIds.Contains(actor.Person.AadObjectId) || actor.IsPromoter;

    /// <summary>Each recipient gets the card in their own language, through the delivery engine.</summary>
    private async Task SendAsync(string messageId, Question question, IReadOnlyList<Person> recipients,
        Func<Texts, Person, Newtonsoft.Json.Linq.JObject> card, CancellationToken ct, Func<Person, string?>? updateActivityId = null)
    {
        var requests = recipients.Select(p => new SendRequest(messageId, $"{messageId}:{p.AadObjectId}", Recipient.For(p),
            new MessageContent(null, card(PersonTexts.For(p), p)), updateActivityId?.Invoke(p))).ToList();
        if (requests.Count > 0)
        {
            await outbox.EnqueueAsync(messageId, null, requests, question.AskerId, ct);
        }
    }

    /// <summary>The other assignees' copies of the card now say who has it (card updates outside the turn).</summary>
    private Task UpdateOtherAssigneesAsync(Question question, Person actor, string what, CancellationToken ct) =>
        UpdateAssigneeCardsAsync(question, actor.AadObjectId, what, t => QuestionCards.TakenByOther(t, question, actor.DisplayName, what == "answered"), ct);

    /// <summary>Rewrites the question card each assignee got (except one person), through the delivery engine.</summary>
    private async Task UpdateAssigneeCardsAsync(Question question, string? except, string what, Func<Texts, Newtonsoft.Json.Linq.JObject> card, CancellationToken ct)
    {
        var delivered = (await deliveries.ReadDeliveriesAsync(AssigneeMessage(question.Id), ct))
            .Where(r => r.GetString("ActivityId") is not null && r.GetString("AadObjectId") is { } id && id != except)
            .ToDictionary(r => r.GetString("AadObjectId")!, r => r.GetString("ActivityId")!);
        var others = delivered.Count == 0 ? [] : (await people.ListAsync(question.TenantId, ct)).Where(p => delivered.ContainsKey(p.AadObjectId)).ToList();
        await SendAsync($"{AssigneeMessage(question.Id)}:{what}", question, others, (t, _) => card(t), ct, p => delivered[p.AadObjectId]);
    }

}
