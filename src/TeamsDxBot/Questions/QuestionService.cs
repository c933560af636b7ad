using Microsoft.Extensions.Options;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

/// <summary>
/// Asking questions, and the one place the cards and commands reach the rest: routing, handling,
/// deadlines and the FAQ each live in their own class.
/// </summary>
public sealed class QuestionService(QuestionRepository questions, QuestionRouting routing, QuestionHandling handling, QuestionDeadlineCheck deadlines,
    QuestionFaq faq, QuestionNotifications notifications, QuestionHours hours, IOptions<QuestionOptions> options, TimeProvider time, ILogger<QuestionService> logger)
{
    /// <summary>What "urgent" promises, in the reader's words (the confirmation card's switch).</summary>
    public string UrgentDue(Texts t) => hours.UrgentDue(t);

    public static QuestionResult? Validate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? QuestionResult.Empty
        : text.Trim().Length > Question.MaxLength ? QuestionResult.TooLong
        : null;

    public Task<QuestionRoute> RouteAsync(Person asker, CancellationToken ct) => routing.RouteAsync(asker, ct);

    /// <summary>Initiatives a person's question may be about: those covering their department (or everyone).</summary>
    public Task<IReadOnlyList<Initiative>> InitiativesForAsync(Person asker, CancellationToken ct) => routing.InitiativesForAsync(asker, ct);

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
        var question = NewQuestion(asker.Person, text!.Trim(), urgent, initiative, route);
        await questions.AddAsync(question, ct);
        await notifications.NotifyAsync(question, ct);
        logger.LogInformation("Question {QuestionId} asked by {Asker} routed to {Count} people", question.Id, asker.Person.AadObjectId, route.Assignees.Count);
        return (question, QuestionResult.Done, route);
    }

    public Task<(Question? Question, QuestionResult Result)> ClaimAsync(UserContext actor, string id, CancellationToken ct) => handling.ClaimAsync(actor, id, ct);

    public Task<(Question? Question, QuestionResult Result)> AnswerAsync(UserContext actor, string id, string? answer, CancellationToken ct) =>
        handling.AnswerAsync(actor, id, answer, ct);

    /// <summary>Who the question can be handed to: the department's other key users and the promoters.</summary>
    public Task<(Question? Question, QuestionResult Result, IReadOnlyList<Person> Candidates)> ReassignCandidatesAsync(UserContext actor, string id, CancellationToken ct) =>
        handling.ReassignCandidatesAsync(actor, id, ct);

    public Task<(Question? Question, QuestionResult Result)> ReassignAsync(UserContext actor, string id, string? to, string? reason, CancellationToken ct) =>
        handling.ReassignAsync(actor, id, to, reason, ct);

    /// <summary>A promoter gives an escalated question one more business day; reminders and escalation start over.</summary>
    public Task<(Question? Question, QuestionResult Result)> ExtendAsync(UserContext actor, string id, CancellationToken ct) => handling.ExtendAsync(actor, id, ct);

    /// <summary>"Not a question": closes it, and the asker is told by whom and why.</summary>
    public Task<(Question? Question, QuestionResult Result)> DismissAsync(UserContext actor, string id, string? note, CancellationToken ct) =>
        handling.DismissAsync(actor, id, note, ct);

    /// <summary>The asker's verdict on an answer: solved closes it; still stuck reopens it for the same key user.</summary>
    public Task<(Question? Question, QuestionResult Result)> ResolveAsync(UserContext asker, string id, bool solved, string? followUp, CancellationToken ct) =>
        handling.ResolveAsync(asker, id, solved, followUp, ct);

    /// <summary>
    /// A nearly due question reminds its assignees once; an overdue one goes to the promoters once.
    /// Each is decided with an ETag-guarded write, so two instances running this never both send.
    /// </summary>
    public Task<(int Nudged, int Escalated)> CheckDeadlinesAsync(CancellationToken ct) => deadlines.CheckDeadlinesAsync(ct);

    /// <summary>FAQ entries this person may see (their department's and company-wide), best match first.</summary>
    public Task<IReadOnlyList<FaqEntry>> SearchFaqAsync(UserContext user, string query, int max, double minScore, CancellationToken ct) =>
        faq.SearchFaqAsync(user, query, max, minScore, ct);

    public Task<IReadOnlyList<FaqEntry>> SimilarAsync(UserContext user, string text, CancellationToken ct) => faq.SimilarAsync(user, text, ct);

    /// <summary>The person who answered (or a promoter) keeps a solved question; only promoters publish company-wide.</summary>
    public Task<(FaqEntry? Entry, QuestionResult Result)> AddToFaqAsync(UserContext actor, string id, string? faqQuestion, string? faqAnswer, bool companyWide, CancellationToken ct) =>
        faq.AddToFaqAsync(actor, id, faqQuestion, faqAnswer, companyWide, ct);

    private Question NewQuestion(Person asker, string text, bool urgent, Initiative? initiative, QuestionRoute route)
    {
        var now = time.GetUtcNow();
        var question = new Question
        {
            TenantId = asker.TenantId,
            Id = Guid.NewGuid().ToString("N")[..12],
            AskerId = asker.AadObjectId,
            AskerName = asker.DisplayName,
            DepartmentId = route.Department?.Id,
            Text = text,
            Urgent = urgent,
            InitiativeId = initiative?.Id,
            InitiativeName = initiative?.Name,
            Status = QuestionStatus.Open,
            AssigneeIds = route.Assignees.Select(p => p.AadObjectId).ToList(),
            CreatedAt = now,
            DueAt = hours.Of(route.Department).Add(now, urgent ? options.Value.UrgentDue : options.Value.Due),
        }.With(new QuestionEvent(now, asker.AadObjectId, "asked"));
        return question with { FirstDueAt = question.DueAt };
    }
}
