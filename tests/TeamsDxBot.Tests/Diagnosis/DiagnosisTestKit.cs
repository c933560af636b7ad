using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Reports;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Pulse;
using TeamsDxBot.Turns;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Tests.Diagnosis;

/// <summary>Measured usage as a test sets it (the real figures need a whole import); null: nothing imported.</summary>
public sealed class FakeUsageFigures : IUsageFigures
{
    public UsageOverview? Overview { get; set; }

    public Task<UsageOverview?> OverviewAsync(Initiative initiative, CancellationToken ct) => Task.FromResult(Overview);

    public Task<IReadOnlyList<PersonUsage>> PeopleAsync(Initiative initiative, string? departmentId, DateOnly week, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<PersonUsage>>([]);
}

/// <summary>
/// 営業部 (Staff, and EnglishStaff its key user) and 製造部 (an executive, P1 and its key user PlantKey); the
/// initiative went live 60 days before the clock (11/24 10:00 JST). Pulse runs, questions and measured usage are
/// stored directly as the features would have left them.
/// </summary>
public sealed class DiagnosisTestKit(PulseTestKit pulse, FakeUsageFigures usage)
{
    public static readonly TestUser Executive = new("aad-exec", "社長 太郎", "ceo@contoso.example");
    public static readonly TestUser P1 = new("aad-p1", "製造 一子", "p1@contoso.example");
    public static readonly TestUser PlantKey = new("aad-pk", "製造 鍵男", "pk@contoso.example");
    public static readonly TestUser KeyUser = BotTestHost.EnglishStaff;

    public BotTestHost Host => pulse.Host;
    public PulseTestKit Pulse => pulse;
    public FakeUsageFigures Usage => usage;
    public string Sales => pulse.Sales;
    public string Plant => pulse.Plant;
    public Initiative Tool => pulse.Tool;

    public static async Task<DiagnosisTestKit> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var usage = new FakeUsageFigures();
        var merged = new Dictionary<string, string> { ["Anonymity:Threshold"] = "3" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            merged[k] = v;
        }
        var pulse = await PulseTestKit.StartAsync(merged, configure: services => services.AddSingleton<IUsageFigures>(usage));
        var kit = new DiagnosisTestKit(pulse, usage);
        await pulse.SetUpCompanyAsync([Executive, P1, PlantKey], goLive: new DateOnly(2026, 9, 25));
        await pulse.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = pulse.Sales });
        await pulse.SetAsync(KeyUser, p => p with { DepartmentId = pulse.Sales, KeyUserOf = new HashSet<string> { pulse.Sales } });
        await pulse.SetAsync(Executive, p => p with { DepartmentId = pulse.Plant, IsExecutive = true });
        await pulse.SetAsync(P1, p => p with { DepartmentId = pulse.Plant });
        await pulse.SetAsync(PlantKey, p => p with { DepartmentId = pulse.Plant, KeyUserOf = new HashSet<string> { pulse.Plant } });
        return kit;
    }

    public Task SetPlantKeyUserAsync(bool isKeyUser) =>
        pulse.SetAsync(PlantKey, p => p with { KeyUserOf = isKeyUser ? new HashSet<string> { pulse.Plant } : new HashSet<string>() });

    private static string QuestionId(string role) => PulseDefaults.Questions.First(q => q.Role == role).Id;

    /// <summary>One department's answers: <paramref name="used"/> of them used the tool, all gave <paramref name="ease"/>.</summary>
    public static Tally Answers(int respondents, int used, string ease = "4", int fallbackYes = 0, IReadOnlyDictionary<string, int>? blockers = null)
    {
        static Dictionary<string, int> Counts(params (string Value, int Count)[] counts) => counts.Where(c => c.Count > 0).ToDictionary(c => c.Value, c => c.Count);
        var tally = new Tally { Respondents = respondents };
        tally.Choices[QuestionId(PulseRoles.Usage)] = Counts(("daily", used), (PulseRoles.NotUsed, respondents - used));
        tally.Choices[QuestionId(PulseRoles.Ease)] = Counts((ease, respondents));
        tally.Choices[QuestionId(PulseRoles.Fallback)] = Counts(("yes", fallbackYes), ("no", respondents - fallbackYes));
        if (blockers is not null)
        {
            tally.Choices[QuestionId(PulseRoles.Blockers)] = new Dictionary<string, int>(blockers);
        }
        return tally;
    }

    /// <summary>A closed weekly pulse on <paramref name="date"/> (10:00 JST) with 5 people invited per department.</summary>
    public async Task<PulseRun> AddRunAsync(DateOnly date, Tally sales, Tally plant, int invited = 5)
    {
        var local = date.ToDateTime(new TimeOnly(10, 0));
        var created = new DateTimeOffset(local, TimeSpan.FromHours(9));
        var run = new PulseRun
        {
            TenantId = BotTestHost.TenantId,
            Id = $"run-{date:yyyyMMdd}",
            InitiativeId = Tool.Id,
            ToolName = Tool.Name,
            Kind = PulseRunKind.Pulse,
            LocalTime = local,
            CreatedAt = created,
            ClosesAt = created.AddDays(3),
            Anonymous = true,
            Questions = PulseDefaults.Questions,
            Invited = new Dictionary<string, int> { [Sales] = invited, [Plant] = invited },
            InvitationsWritten = true,
            Summary = new RunTally { Departments = { [Sales] = sales, [Plant] = plant } },
            ReportedAt = created.AddDays(3),
        };
        Assert.True(await Host.Get<PulseRunRepository>().TryAddAsync(run, default));
        return run;
    }

    /// <summary>A question asked <paramref name="daysAgo"/> days ago, assigned as given, first answered after <paramref name="answeredAfter"/> by <paramref name="answeredBy"/>.</summary>
    public async Task AddQuestionAsync(string id, string askerId, string departmentId, IReadOnlyList<string> assignees, string? answeredBy = null,
        TimeSpan? answeredAfter = null, bool escalated = false, int daysAgo = 3)
    {
        var asked = Host.Clock.GetUtcNow().AddDays(-daysAgo);
        var history = new List<QuestionEvent> { new(asked, askerId, "asked") };
        if (escalated)
        {
            history.Add(new(asked.AddDays(2), "system", "escalated"));
        }
        if (answeredBy is not null)
        {
            history.Add(new(asked + (answeredAfter ?? TimeSpan.FromHours(2)), answeredBy, "answered", "こうします"));
        }
        await Host.Get<QuestionRepository>().AddAsync(new Question
        {
            TenantId = BotTestHost.TenantId,
            Id = id,
            AskerId = askerId,
            DepartmentId = departmentId,
            Text = "使い方は？",
            InitiativeId = Tool.Id,
            Status = answeredBy is null ? QuestionStatus.Open : QuestionStatus.Answered,
            AssigneeIds = assignees,
            AnsweredBy = answeredBy,
            CreatedAt = asked,
            DueAt = asked.AddDays(1),
            FirstDueAt = asked.AddDays(1),
            History = history,
            Escalated = escalated,
        }, default);
    }

    /// <summary>An executive's message went out <paramref name="daysAgo"/> days ago (stored as the broadcasts' sending leaves it).</summary>
    public async Task ExecutiveSpokeAsync(int daysAgo)
    {
        var at = Host.Clock.GetUtcNow().AddDays(-daysAgo);
        await Host.Get<BroadcastRepository>().AddAsync(new Broadcast
        {
            TenantId = BotTestHost.TenantId,
            Id = "exec-message",
            AuthorId = Executive.AadObjectId,
            AuthorName = Executive.Name,
            ByExecutive = true,
            Title = "続けましょう",
            Body = "本文",
            Audience = BroadcastAudience.Everyone,
            Status = BroadcastStatus.Sent,
            Occurrences = [new BroadcastOccurrence(1, at) { StartedAt = at, SentAt = at }],
            CreatedAt = at,
            UpdatedAt = at,
        }, default);
    }

    /// <summary>Measured weekly active rates of the company and 営業部 / 製造部 (10 people each), Mondays up to <paramref name="asOf"/>.</summary>
    public void Measured(DateOnly asOf, IReadOnlyList<int> salesActive, IReadOnlyList<int> plantActive)
    {
        var weeks = salesActive.Count;
        UsageWeekFigures Week(int i, int headcount, int active) => new(asOf.AddDays(-7 * (weeks - 1 - i)), headcount, active, 0, 0, 0, headcount - active);
        usage.Overview = new UsageOverview(Tool, asOf,
        [
            new UsageSeries(null, Enumerable.Range(0, weeks).Select(i => Week(i, 20, salesActive[i] + plantActive[i])).ToList()),
            new UsageSeries(Sales, Enumerable.Range(0, weeks).Select(i => Week(i, 10, salesActive[i])).ToList()),
            new UsageSeries(Plant, Enumerable.Range(0, weeks).Select(i => Week(i, 10, plantActive[i])).ToList()),
        ]);
    }

    public async Task<UserContext> UserAsync(TestUser user)
    {
        var person = (await Host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, user.AadObjectId, default))!;
        return new UserContext(person, Host.Get<Access>().RolesOf(person), PersonTexts.For(person), false);
    }

    /// <summary>The report card this person would get, as its texts.</summary>
    public async Task<string> ReportTextAsync(TestUser user, ReportKind kind) =>
        Text(await Host.Get<PulseReports>().CardAsync(Tool, await UserAsync(user), kind, default));

    public async Task<JObject> ReportAsync(TestUser user, ReportKind kind) =>
        await Host.Get<PulseReports>().CardAsync(Tool, await UserAsync(user), kind, default);

    public static string Text(JObject card) => new RecordedCall("card", "", null, JsonNode.Parse(card.ToString())!.AsObject()).AllText;
}
