using Microsoft.Extensions.Options;
using TeamsDxBot.Calendar;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Observability;
using TeamsDxBot.Turns;

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
    PersonZones zones, CompanyCalendar calendar, Telemetry telemetry, IOptions<QuestionOptions> options, TimeProvider time, ILogger<QuestionService> logger)
{
    private const double SuggestionScore = 0.5;

    private readonly BusinessHours hours = calendar.Hours();

    /// <summary>What "urgent" promises, in the reader's words (the confirmation card's switch).</summary>
    public string UrgentDue(Texts t) => QuestionCards.BusinessTime(t, options.Value.UrgentDue, hours.Day);

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
        question = question with { FirstDueAt = question.DueAt };
        await questions.AddAsync(question, ct);
        await NotifyAsync(question, ct);
        logger.LogInformation("Question {QuestionId} asked by {Asker} routed to {Count} people", question.Id, asker.Person.AadObjectId, route.Assignees.Count);
        return (question, QuestionResult.Done, route);
    }

    public async Task<(Question? Question, QuestionResult Result)> ClaimAsync(UserContext actor, string id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await ChangeAsync(actor.Person.TenantId, id, q =>
            !MayHandle(actor, q) ? (null, QuestionResult.NotAllowed)
            : !q.IsOpenForAnswer ? (null, q.Status == QuestionStatus.Closed ? QuestionResult.Closed : QuestionResult.AlreadyAnswered)
            : q.ClaimedBy is { } other && other != actor.Person.AadObjectId ? (null, QuestionResult.ClaimedByOther)
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
            return (question, question.Status == QuestionStatus.Closed ? QuestionResult.Closed : QuestionResult.AlreadyAnswered, []);
        }
        if (ClaimedByOther(actor, question))
        {
            return (question, QuestionResult.ClaimedByOther, []);
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
        // Checked again on the row written: two people handing it on at once cannot both do it.
        return await ChangeAsync(actor.Person.TenantId, id, q =>
            !MayHandle(actor, q) ? (null, QuestionResult.NotAllowed)
            : !q.IsOpenForAnswer ? (null, q.Status == QuestionStatus.Closed ? QuestionResult.Closed : QuestionResult.AlreadyAnswered)
            : ClaimedByOther(actor, q) ? (null, QuestionResult.ClaimedByOther)
            : ((q with { AssigneeIds = [target.AadObjectId], ClaimedBy = null, Status = QuestionStatus.Open, Nudged = false })
                .With(new QuestionEvent(now, actor.Person.AadObjectId, "reassigned", $"{target.AadObjectId}:{reason.Trim()}")), QuestionResult.Done), ct);
    }

    /// <summary>A promoter gives an escalated question one more business day; reminders and escalation start over.</summary>
    public async Task<(Question? Question, QuestionResult Result)> ExtendAsync(UserContext actor, string id, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var departmentId = (await questions.GetAsync(actor.Person.TenantId, id, ct))?.DepartmentId;
        var businessHours = HoursOf(departmentId is null ? null : await departments.GetAsync(actor.Person.TenantId, departmentId, ct));
        return await ChangeAsync(actor.Person.TenantId, id, q =>
            !actor.IsPromoter ? (null, QuestionResult.NotAllowed)
            : !q.IsOpenForAnswer ? (null, q.Status == QuestionStatus.Closed ? QuestionResult.Closed : QuestionResult.AlreadyAnswered)
            : ((q with { DueAt = businessHours.Add(now, options.Value.Due), Escalated = false, Nudged = false })
                .With(new QuestionEvent(now, actor.Person.AadObjectId, "extended")), QuestionResult.Done), ct);
    }

    /// <summary>"Not a question": closes it, and the asker is told by whom and why.</summary>
    public async Task<(Question? Question, QuestionResult Result)> DismissAsync(UserContext actor, string id, string? note, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return await ChangeAsync(actor.Person.TenantId, id, q =>
            !MayHandle(actor, q) ? (null, QuestionResult.NotAllowed)
            : !q.IsOpenForAnswer ? (null, q.Status == QuestionStatus.Closed ? QuestionResult.Closed : QuestionResult.AlreadyAnswered)
            : ClaimedByOther(actor, q) ? (null, QuestionResult.ClaimedByOther)
            : ((q with { Status = QuestionStatus.Closed }).With(new QuestionEvent(now, actor.Person.AadObjectId, "not-a-question", note?.Trim())), QuestionResult.Done), ct);
    }

    /// <summary>The asker's verdict on an answer: solved closes it; still stuck reopens it for the same key user.</summary>
    public async Task<(Question? Question, QuestionResult Result)> ResolveAsync(UserContext asker, string id, bool solved, string? followUp, CancellationToken ct)
    {
        if (!solved && Validate(followUp) is { } problem)
        {
            return (null, problem == QuestionResult.Empty ? QuestionResult.AnswerEmpty : problem);
        }
        var now = time.GetUtcNow();
        // A follow-up gets a fresh due time: the old one may be long past, which would escalate it at once.
        var current = await questions.GetAsync(asker.Person.TenantId, id, ct);
        var businessHours = HoursOf(current?.DepartmentId is { } departmentId ? await departments.GetAsync(asker.Person.TenantId, departmentId, ct) : null);
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
            await NotifyAsync(question, ct);
            if (overdue)
            {
                escalated++;
            }
            else
            {
                nudged++;
            }
        }
        // Changes whose instance stopped before their messages were queued (a minute is far more than a turn takes).
        foreach (var owing in await questions.ListOwingNoticesAsync(ct))
        {
            if (owing.History.Count > 0 && owing.History[^1].At < now - TimeSpan.FromMinutes(1))
            {
                logger.LogWarning("Question {QuestionId}: queuing messages a stopped instance left unqueued", owing.Id);
                await NotifyAsync(owing, ct);
            }
        }
        if (nudged + escalated > 0)
        {
            logger.LogInformation("Question deadlines: {Nudged} reminded, {Escalated} escalated", nudged, escalated);
        }
        var (open, pastDue) = await questions.CountAwaitingAnswerAsync(now, ct);
        telemetry.QuestionsObserved(open, pastDue);
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
        if (!companyWide && !actor.IsPromoter)
        {
            // Only promoters publish company-wide: they get the key user's entry, editable, with that choice.
            var promoters = (await people.ListAsync(question.TenantId, ct)).Where(p => access.RolesOf(p).Contains(Role.Promoter)).ToList();
            await SendAsync($"question:{question.Id}:faq-publish", question, promoters,
                (t, _) => FaqCards.Offer(t, question with { Text = entry.Question, Answer = entry.Answer }, canPublish: true, savedBy: actor.Person.DisplayName), ct);
        }
        return (entry, QuestionResult.Done);
    }

    /// <summary>Business hours in the department's time zone when it has one, else the company's.</summary>
    private BusinessHours HoursOf(Department? department) =>
        department?.TimeZone is { } zone && TimeZoneInfo.TryFindSystemTimeZoneById(zone, out var tz) ? hours with { Zone = tz } : hours;

    /// <summary>Applies a change decided on the stored row, then queues the messages it owes.</summary>
    private async Task<(Question? Question, QuestionResult Result)> ChangeAsync(string tenantId, string id,
        Func<Question, (Question? Changed, QuestionResult Result)> decide, CancellationToken ct)
    {
        var (question, result) = await questions.UpdateAsync(tenantId, id, decide, QuestionResult.NotFound, ct);
        if (result == QuestionResult.Done && question is not null)
        {
            await NotifyAsync(question, ct);
        }
        return (question, result);
    }

    /// <summary>
    /// Queues what each change not yet queued owes other people, then clears the mark. Message ids come from
    /// the change's place in the history, so running this again (another instance, or the deadline check
    /// after a restart) queues nothing twice.
    /// </summary>
    private async Task NotifyAsync(Question q, CancellationToken ct)
    {
        if (q.NoticesOwed <= 0)
        {
            return;
        }
        var byId = (await people.ListAsync(q.TenantId, ct)).ToDictionary(p => p.AadObjectId);
        var allDepartments = (await departments.ListAsync(q.TenantId, ct)).ToDictionary(d => d.Id);
        var department = q.DepartmentId is { } d ? allDepartments.GetValueOrDefault(d)?.Name : null;
        // Each person reads times on their own clock.
        TimeZoneInfo ZoneOf(Person p) => zones.Of(p, allDepartments);
        for (var index = Math.Max(0, q.NoticesOwed - 1); index < q.History.Count; index++)
        {
            await NotifyAsync(q, index, byId, department, ZoneOf, ct);
        }
        await questions.UpdateAsync<bool>(q.TenantId, q.Id, current =>
            current.NoticesOwed == 0 ? (null, false)
            : (current with { NoticesOwed = current.History.Count > q.History.Count ? Math.Max(current.NoticesOwed, q.History.Count + 1) : 0 }, true),
            false, ct);
    }

    private async Task NotifyAsync(Question q, int index, IReadOnlyDictionary<string, Person> byId, string? department, Func<Person, TimeZoneInfo> zoneOf,
        CancellationToken ct)
    {
        var change = q.History[index];
        var message = EventMessage(q.Id, index);
        var actorName = byId.GetValueOrDefault(change.Actor)?.DisplayName ?? "";
        IReadOnlyList<Person> Of(IEnumerable<string> ids) => ids.Select(byId.GetValueOrDefault).OfType<Person>().ToList();
        switch (change.Kind)
        {
            case "asked":
                await SendAsync(message, q, Of(q.AssigneeIds), (t, p) => QuestionCards.ForAssignee(t, q, department, zoneOf(p)), ct);
                break;
            case "claimed":
                await UpdateCardsAsync(q, index, byId, except: change.Actor, t => QuestionCards.TakenByOther(t, q, actorName, QuestionCards.Taken.Claimed), ct);
                break;
            case "answered":
                await SendAsync(message, q, Of([q.AskerId]), (t, _) => QuestionCards.AnswerForAsker(t, q, actorName), ct);
                await UpdateCardsAsync(q, index, byId, except: change.Actor, t => QuestionCards.TakenByOther(t, q, actorName, QuestionCards.Taken.Answered), ct);
                break;
            case "reassigned" when change.Note?.Split(':', 2) is [var to, var reason]:
                var target = Of([to]);
                await UpdateCardsAsync(q, index, byId, except: change.Actor,
                    t => QuestionCards.TakenByOther(t, q, target.FirstOrDefault()?.DisplayName ?? "", QuestionCards.Taken.HandedOn), ct, skip: to);
                await SendAsync(message, q, target, (t, p) => QuestionCards.ForAssignee(t, q, department, zoneOf(p), (actorName, reason)), ct);
                break;
            case "not-a-question":
                await SendAsync(message, q, Of([q.AskerId]), (t, _) => QuestionCards.DismissedForAsker(t, q, actorName, change.Note), ct);
                await UpdateCardsAsync(q, index, byId, except: change.Actor, t => QuestionCards.TakenByOther(t, q, actorName, QuestionCards.Taken.Dismissed), ct);
                break;
            case "closed":
                await UpdateCardsAsync(q, index, byId, except: null, t => QuestionCards.ClosedForAssignee(t, q), ct);
                // The answer worked: offer to keep it in the FAQ for the next person.
                await SendAsync(message + ":faq", q, Of(q.AnsweredBy is { } solver ? [solver] : []),
                    (t, p) => FaqCards.Offer(t, q, access.RolesOf(p).Contains(Role.Promoter)), ct);
                break;
            case "reopened":
                await SendAsync(message, q, Of(q.AnsweredBy is { } answerer ? [answerer] : q.AssigneeIds), (t, p) => QuestionCards.ForAssignee(t, q, department, zoneOf(p)), ct);
                break;
            case "nudged":
                await SendAsync(message, q, Of(q.ClaimedBy is { } claimer ? [claimer] : q.AssigneeIds), (t, p) => QuestionCards.Reminder(t, q, department, zoneOf(p)), ct);
                break;
            case "escalated":
                await SendAsync(message, q, byId.Values.Where(p => access.RolesOf(p).Contains(Role.Promoter)).ToList(), (t, p) => QuestionCards.Escalated(t, q, department, zoneOf(p), QuestionCards.BusinessTime(t, options.Value.Due, hours.Day)), ct);
                await SendAsync(message + ":asker", q, Of([q.AskerId]), (t, _) => QuestionCards.EscalatedForAsker(t, q), ct);
                break;
        }
    }

    /// <summary>The first change keeps the plain id: the cards sent for it are the ones most updates rewrite.</summary>
    private static string EventMessage(string questionId, int index) => index == 0 ? $"question:{questionId}" : $"question:{questionId}:e{index}";

    /// <summary>Changes whose message is a question card with buttons (the ones to rewrite when its state moves on).</summary>
    private static readonly HashSet<string> CardChanges = ["asked", "reassigned", "reopened", "nudged", "escalated"];

    /// <summary>
    /// A promoter, or an assignee who is still a key user of the question's department: someone whose
    /// key-user role was taken away no longer acts on questions routed to them before.
    /// </summary>
    private static bool MayHandle(UserContext actor, Question q) =>
        actor.IsPromoter || (q.AssigneeIds.Contains(actor.Person.AadObjectId) && q.DepartmentId is { } d && actor.Person.KeyUserOf.Contains(d));

    /// <summary>Claimed by another key user: only the claimer (or a promoter) hands it on or closes it.</summary>
    private static bool ClaimedByOther(UserContext actor, Question q) =>
        q.ClaimedBy is { } other && other != actor.Person.AadObjectId && !actor.IsPromoter;

    /// <summary>Each recipient gets the card in their own language, through the delivery engine.</summary>
    private async Task SendAsync(string messageId, Question question, IReadOnlyList<Person> recipients,
        Func<Texts, Person, Newtonsoft.Json.Linq.JObject> card, CancellationToken ct)
    {
        var requests = recipients.Select(p => new SendRequest(messageId, $"{messageId}:{p.AadObjectId}", Recipient.For(p),
            new MessageContent(null, card(PersonTexts.For(p), p)))).ToList();
        if (requests.Count > 0)
        {
            await outbox.EnqueueAsync(messageId, null, requests, question.AskerId, ct);
        }
    }

    /// <summary>
    /// Rewrites every question card with buttons sent before change <paramref name="index"/> (the first one,
    /// hand-overs, follow-ups, reminders, escalations), except those of one person, through the delivery engine.
    /// </summary>
    private async Task UpdateCardsAsync(Question question, int index, IReadOnlyDictionary<string, Person> byId, string? except,
        Func<Texts, Newtonsoft.Json.Linq.JObject> card, CancellationToken ct, string? skip = null)
    {
        var message = EventMessage(question.Id, index) + ":cards";
        var requests = new List<SendRequest>();
        for (var i = 0; i < index; i++)
        {
            if (!CardChanges.Contains(question.History[i].Kind))
            {
                continue;
            }
            foreach (var row in await deliveries.ReadDeliveriesAsync(EventMessage(question.Id, i), ct))
            {
                if (row.GetString("ActivityId") is { } activityId && row.GetString("AadObjectId") is { } id && id != except && id != skip &&
                    byId.TryGetValue(id, out var person))
                {
                    requests.Add(new SendRequest(message, $"{message}:{id}:{i}", Recipient.For(person),
                        new MessageContent(null, card(PersonTexts.For(person))), activityId));
                }
            }
        }
        if (requests.Count > 0)
        {
            await outbox.EnqueueAsync(message, null, requests, question.AskerId, ct);
        }
    }
}
