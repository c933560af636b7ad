using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
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

public sealed class AskCommand(QuestionDraft draft)
    : ChatCommand("ask", nameof(Strings.Command_Ask), nameof(Strings.Command_AskHelp), Role.Staff, 15, "question")
{
    public override Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) => draft.ShowAsync(request, arguments, ct);
}

/// <summary>
/// <c>questions</c>: staff see their own; key users their open queue; promoters everything open, overdue first.
/// </summary>
public sealed class QuestionsCommand(QuestionRepository questions, PersonRepository people, DepartmentRepository departments, PersonZones zones,
    IOptions<AnonymityOptions> anonymity, TimeProvider time)
    : ChatCommand("questions", nameof(Strings.Command_Questions), nameof(Strings.Command_QuestionsHelp), Role.Staff, 16)
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
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
        var names = (await people.ListAsync(request.TenantId, ct)).ToDictionary(p => p.AadObjectId, p => p.DisplayName);
        await request.ReplyAsync(QuestionCards.List(request.T, request.T[titleKey], ordered, now, id => names.GetValueOrDefault(id, "-"), await zones.OfAsync(request.Person, ct)), ct);
        if (request.User.IsPromoter && all.Count > 0)
        {
            var departmentNames = (await departments.ListAsync(request.TenantId, ct)).ToDictionary(d => d.Id, d => d.Name);
            var k = anonymity.Value.Threshold;
            var measures = QuestionMeasures.Shown(all, k);
            await request.ReplyAsync(QuestionCards.Measures(request.T, measures.Departments, measures.KeyUsers,
                id => departmentNames.GetValueOrDefault(id, "-"), id => names.GetValueOrDefault(id, "-"), k), ct);
        }
    }
}

public sealed class FaqCommand(QuestionService questions)
    : ChatCommand("faq", nameof(Strings.Command_Faq), nameof(Strings.Command_FaqHelp), Role.Staff, 17)
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            await request.ReplyAsync(request.T[nameof(Strings.Faq_Usage)], ct);
            return;
        }
        await request.ReplyAsync(FaqCards.Results(request.T, arguments, await questions.SearchFaqAsync(request.User, arguments, 5, 0.3, ct)), ct);
    }
}

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

public static class QuestionMessages
{
    public static string For(QuestionResult result) => result switch
    {
        QuestionResult.Empty => nameof(Strings.Question_Empty),
        QuestionResult.TooLong => nameof(Strings.Question_TooLong),
        QuestionResult.NoOneToAsk => nameof(Strings.Question_NoOneToAsk),
        QuestionResult.NotFound => nameof(Strings.Question_NotFound),
        QuestionResult.NotAllowed => nameof(Strings.Question_NotAllowed),
        QuestionResult.AlreadyAnswered => nameof(Strings.Question_AlreadyAnswered),
        QuestionResult.Closed => nameof(Strings.Question_AlreadyClosed),
        QuestionResult.ClaimedByOther => nameof(Strings.Question_ClaimedByOther),
        QuestionResult.AnswerEmpty => nameof(Strings.Question_AnswerEmpty),
        QuestionResult.UnknownInitiative => nameof(Strings.Question_InitiativeUnknown),
        _ => nameof(Strings.Common_Done),
    };
}

public static class QuestionsExtensions
{
    public static IHostApplicationBuilder AddQuestions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<QuestionOptions>().Bind(builder.Configuration.GetSection(QuestionOptions.Section))
            .Validate(o => o.Due > TimeSpan.Zero && o.UrgentDue > TimeSpan.Zero, "Questions: due times must be positive.")
            .ValidateOnStart();
        builder.Services.AddHostedService<QuestionDeadlines>();
        builder.Services.AddTable(QuestionRepository.TableName);
        builder.Services.AddSingleton<QuestionRepository>();
        builder.Services.AddSingleton<QuestionService>();
        builder.Services.AddSingleton<QuestionDraft>();
        builder.Services.AddSingleton<IFreeTextHandler>(sp => sp.GetRequiredService<QuestionDraft>());
        builder.Services.AddSingleton<IChatCommand, AskCommand>();
        builder.Services.AddSingleton<IChatCommand, QuestionsCommand>();
        builder.Services.AddSingleton<IChatCommand, FaqCommand>();
        builder.Services.AddTable(FaqRepository.TableName);
        builder.Services.AddSingleton<FaqRepository>();
        foreach (var verb in new[] { FaqCards.AddVerb, FaqCards.SolvedByFaqVerb })
        {
            builder.Services.AddSingleton<ICardAction>(sp => ActivatorUtilities.CreateInstance<FaqAction>(sp, verb));
        }
        foreach (var verb in new[] { QuestionCards.SendVerb, QuestionCards.CancelVerb, QuestionCards.ClaimVerb, QuestionCards.AnswerVerb, QuestionCards.SolvedVerb, QuestionCards.StuckVerb,
            QuestionCards.ReassignFormVerb, QuestionCards.ReassignVerb, QuestionCards.NotAQuestionVerb, QuestionCards.ExtendVerb })
        {
            builder.Services.AddSingleton<ICardAction>(sp => ActivatorUtilities.CreateInstance<QuestionAction>(sp, verb));
        }
        return builder;
    }
}

/// <summary>Runs the deadline check on a schedule; safe with several instances (see CheckDeadlinesAsync).</summary>
public sealed class QuestionDeadlines(QuestionService questions, IOptionsMonitor<QuestionOptions> options, TimeProvider time, ILogger<QuestionDeadlines> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.CheckInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => questions.CheckDeadlinesAsync(ct);
}
