using System.Reflection;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Bot;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Directory;
using TeamsDxBot.Improvements;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Metrics;
using TeamsDxBot.Nudges;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Reports;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Cards;

/// <summary>Every card the bot can send, in both languages, through the official adaptivecards parser.</summary>
public sealed class CardCatalogTests
{
    private static readonly Department Sales = new("t", "d1", "営業部", false, DateTimeOffset.UnixEpoch);
    private static readonly Department Old = new("t", "d2", "旧部署", true, DateTimeOffset.UnixEpoch);
    private static readonly Person Someone = new()
    {
        TenantId = "t", AadObjectId = "p1", Name = "佐藤 花子", Email = "sato@example.com", DepartmentId = "d1",
        KeyUserOf = new HashSet<string> { "d1" }, IsExecutive = true,
    };
    private static readonly Initiative Tool = new()
    {
        TenantId = "t", Id = "i1", Name = "経費精算システム", GoLive = new(2026, 12, 1), TargetDate = new(2027, 3, 1), DepartmentIds = ["d1"],
    };

    private sealed class AllowAll : Microsoft.Extensions.Options.IOptionsMonitor<DirectoryOptions>
    {
        public DirectoryOptions CurrentValue { get; } = new();
        public DirectoryOptions Get(string? name) => CurrentValue;
        public IDisposable? OnChange(Action<DirectoryOptions, string?> listener) => null;
    }

    private sealed class FakeCommand(string name) : IChatCommand
    {
        public string Name => name;
        public IReadOnlyList<string> Aliases => [name];
        public Role Audience => Role.Staff;
        public string DisplayKey => nameof(Resources.Strings.Command_Help);
        public string DescriptionKey => nameof(Resources.Strings.Command_HelpHelp);
        public int Order => 0;
        public Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) => Task.CompletedTask;
    }

    /// <summary>(card builder name, card) for every builder, with empty and filled variants.</summary>
    public static IEnumerable<(string Builder, string Variant, JObject Card)> Catalog(Texts t)
    {
        var departments = new[] { Sales, Old };
        var people = new[] { Someone, Someone with { AadObjectId = "p2", Name = "鈴木 一郎", Email = null } };
        var roles = new HashSet<Role> { Role.Staff, Role.KeyUser, Role.Executive };
        var access = new Access(new AllowAll());
        var user = new UserContext(Someone, roles, t, false);
        var commands = new IChatCommand[] { new FakeCommand("help"), new FakeCommand("profile") };
        var applied = new RosterImportResult([], [new RosterChange(2, Someone, Someone, Sales, Role.KeyUser)], 3);
        var many = Enumerable.Range(1, 120).Select(i => Someone with { AadObjectId = $"x{i}", Name = $"社員{i}" }).ToList();

        yield return (nameof(DirectoryCards.Welcome), "departments", DirectoryCards.Welcome(t, "佐藤", departments, false, "d1"));
        yield return (nameof(DirectoryCards.Welcome), "none", DirectoryCards.Welcome(t, "佐藤", [], true));
        yield return (nameof(DirectoryCards.Profile), "full", DirectoryCards.Profile(t, Someone, roles, departments));
        yield return (nameof(DirectoryCards.Profile), "none", DirectoryCards.Profile(t, Someone, roles, []));
        yield return (nameof(DirectoryCards.ProfileSaved), "", DirectoryCards.ProfileSaved(t, Someone, departments));
        yield return (nameof(DirectoryCards.Language), "", DirectoryCards.Language(t));
        yield return (nameof(DirectoryCards.Departments), "promoter", DirectoryCards.Departments(t, departments, people, true));
        yield return (nameof(DirectoryCards.Departments), "staff", DirectoryCards.Departments(t, departments, people, false));
        yield return (nameof(DirectoryCards.Departments), "empty", DirectoryCards.Departments(t, [], [], true));
        yield return (nameof(DirectoryCards.Roles), "picker", DirectoryCards.Roles(t, people, departments, access));
        yield return (nameof(DirectoryCards.Roles), "email", DirectoryCards.Roles(t, many, departments, access));
        yield return (nameof(DirectoryCards.RosterImport), "", DirectoryCards.RosterImport(t));
        yield return (nameof(DirectoryCards.RosterProblems), "", DirectoryCards.RosterProblems(t,
            [new RosterProblem(3, nameof(Resources.Strings.Roster_UnknownPerson), "x@example.com"), new RosterProblem(0, nameof(Resources.Strings.Roster_Empty))], "a,b,c"));
        yield return (nameof(DirectoryCards.RosterApplied), "", DirectoryCards.RosterApplied(t, applied, departments));
        yield return (nameof(InitiativeCards.List), "promoter", InitiativeCards.List(t, [Tool, Tool with { Id = "i2", DepartmentIds = [] }], departments, true));
        yield return (nameof(InitiativeCards.List), "empty", InitiativeCards.List(t, [], departments, false));
        yield return (nameof(InitiativeCards.Form), "new", InitiativeCards.Form(t, null, departments, new DateOnly(2026, 11, 24)));
        yield return (nameof(InitiativeCards.Form), "edit", InitiativeCards.Form(t, Tool, departments, new DateOnly(2026, 11, 24)));
        yield return (nameof(InitiativeCards.Saved), "", InitiativeCards.Saved(t, Tool, true, departments));
        yield return (nameof(InitiativeCards.Problems), "", InitiativeCards.Problems(t, [new InitiativeProblem(nameof(Resources.Strings.Initiative_NameTooLong), 80)]));
        yield return (nameof(HelpCommand.Card), "", HelpCommand.Card(t, user, commands));
        var figures = new[]
        {
            new ToolMetric { TenantId = "t", InitiativeId = "i1", WeekStart = new(2026, 11, 16), ActiveUsers = 410, InputCompletionRate = 91.5, ErrorCount = 12, Source = "api:k" },
            new ToolMetric { TenantId = "t", InitiativeId = "i1", WeekStart = new(2026, 11, 16), DepartmentId = "d1", ActiveUsers = 120, Source = "chat:p1" },
            new ToolMetric { TenantId = "t", InitiativeId = "i1", WeekStart = new(2026, 11, 9), DepartmentId = "gone", ErrorCount = 0, Source = "chat:p1" },
        };
        var key = new ApiKey { Id = "0123456789abcdef", TenantId = "t", InitiativeId = "i1", SecretHash = new byte[32], CreatedBy = "p1", CreatedAt = DateTimeOffset.UnixEpoch };
        Func<string?, string> departmentName = id => id is null ? "全社" : id == "d1" ? "営業部" : id;
        yield return (nameof(MetricsCards.Overview), "some", MetricsCards.Overview(t,
            [new InitiativeFigures(Tool, figures, [key]), new InitiativeFigures(Tool with { Id = "i2", Name = "社内チャット" }, [], [])], departmentName));
        yield return (nameof(MetricsCards.Overview), "none", MetricsCards.Overview(t, [], departmentName));
        yield return (nameof(MetricsCards.Problems), "metrics", MetricsCards.Problems(t, [Tool], "i1", "week,active_users\n2026-13-01,x",
            [new MetricsProblem(2, nameof(Resources.Strings.Metrics_WeekInvalid), "2026-13-01"), new MetricsProblem(0, nameof(Resources.Strings.Metrics_TooManyRows), 500)]));
        yield return (nameof(MetricsCards.Stored), "", MetricsCards.Stored(t, Tool, new ToolMetricsWrite(2, 1), figures, departmentName));
        yield return (nameof(MetricsCards.ConfirmKeyChange), "rotate", MetricsCards.ConfirmKeyChange(t, Tool, [key], rotate: true));
        yield return (nameof(MetricsCards.ConfirmKeyChange), "revoke", MetricsCards.ConfirmKeyChange(t, Tool, [key], rotate: false));
        yield return (nameof(MetricsCards.KeyCreated), "", MetricsCards.KeyCreated(t, Tool, new IssuedApiKey(key, "tdx_0123456789abcdef_" + new string('A', 43)), 1));
        yield return (nameof(MetricsCards.KeyHidden), "", MetricsCards.KeyHidden(t, key.Hint));
        yield return (nameof(MetricsCards.KeysRevoked), "", MetricsCards.KeysRevoked(t, Tool, 1));
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var urgentDue = QuestionCards.BusinessTime(t, TimeSpan.FromHours(4), TimeSpan.FromHours(9));
        var question = new Question
        {
            TenantId = "t", Id = "q1", AskerId = "p1", AskerName = "佐藤 花子", Text = "経費の申請方法は？", Urgent = true,
            CreatedAt = DateTimeOffset.UnixEpoch, DueAt = DateTimeOffset.UnixEpoch.AddHours(4), Answer = "メニューの「申請」からです。\n\n詳しくはマニュアルを見てください。",
        };
        var reopened = question.With(new QuestionEvent(DateTimeOffset.UnixEpoch, "p1", "reopened", "ボタンがありません"));
        yield return (nameof(QuestionCards.Confirm), "keyuser", QuestionCards.Confirm(t, question.Text, ["鈴木 一郎"], "営業部", false, urgentDue));
        var faqEntry = new FaqEntry("t", "q1", "d1", "経費の申請方法は？", "メニューの「申請」からです。", false, "p2", DateTimeOffset.UnixEpoch);
        yield return (nameof(QuestionCards.Confirm), "similar", QuestionCards.Confirm(t, question.Text, ["鈴木 一郎"], "営業部", false, urgentDue, [faqEntry], [("経費精算システム", "i1")]));
        yield return (nameof(FaqCards.Offer), "promoter", FaqCards.Offer(t, question, true));
        yield return (nameof(FaqCards.Offer), "keyuser", FaqCards.Offer(t, question, false));
        yield return (nameof(FaqCards.Saved), "faq", FaqCards.Saved(t, faqEntry));
        yield return (nameof(FaqCards.Results), "some", FaqCards.Results(t, "経費", [faqEntry]));
        yield return (nameof(FaqCards.Results), "none", FaqCards.Results(t, "経費", []));
        yield return (nameof(FaqCards.SolvedByFaq), "", FaqCards.SolvedByFaq(t));
        yield return (nameof(QuestionCards.Confirm), "promoter", QuestionCards.Confirm(t, question.Text, ["佐藤 花子"], null, true, urgentDue));
        yield return (nameof(QuestionCards.Sent), "", QuestionCards.Sent(t, question, ["鈴木 一郎"], tokyo));
        yield return (nameof(QuestionCards.Cancelled), "", QuestionCards.Cancelled(t));
        yield return (nameof(QuestionCards.ForAssignee), "new", QuestionCards.ForAssignee(t, question, "営業部", tokyo));
        yield return (nameof(QuestionCards.ForAssignee), "followup", QuestionCards.ForAssignee(t, reopened, null, tokyo));
        yield return (nameof(QuestionCards.ReassignForm), "", QuestionCards.ReassignForm(t, question, [("鈴木 一郎", "p2"), ("佐藤 花子", "p1")]));
        yield return (nameof(QuestionCards.Reassigned), "", QuestionCards.Reassigned(t, question));
        yield return (nameof(QuestionCards.Dismissed), "", QuestionCards.Dismissed(t, question));
        yield return (nameof(QuestionCards.DismissedForAsker), "note", QuestionCards.DismissedForAsker(t, question, "鈴木 一郎", "雑談でした"));
        yield return (nameof(QuestionCards.DismissedForAsker), "plain", QuestionCards.DismissedForAsker(t, question, "鈴木 一郎", null));
        yield return (nameof(QuestionCards.Escalated), "", QuestionCards.Escalated(t, question, "営業部", tokyo, QuestionCards.BusinessTime(t, TimeSpan.FromHours(9), TimeSpan.FromHours(9))));
        yield return (nameof(QuestionCards.EscalatedForAsker), "", QuestionCards.EscalatedForAsker(t, question));
        yield return (nameof(QuestionCards.ClosedForAssignee), "", QuestionCards.ClosedForAssignee(t, question));
        yield return (nameof(QuestionCards.Extended), "", QuestionCards.Extended(t, question, tokyo));
        yield return (nameof(QuestionCards.Reminder), "", QuestionCards.Reminder(t, question, null, tokyo));
        yield return (nameof(QuestionCards.TakenByOther), "", QuestionCards.TakenByOther(t, question, "鈴木 一郎", QuestionCards.Taken.Answered));
        yield return (nameof(QuestionCards.TakenByOther), "handed-on", QuestionCards.TakenByOther(t, question, "佐藤 花子", QuestionCards.Taken.HandedOn));
        yield return (nameof(QuestionCards.Claimed), "", QuestionCards.Claimed(t, question));
        yield return (nameof(QuestionCards.AnsweredByYou), "", QuestionCards.AnsweredByYou(t, question));
        yield return (nameof(QuestionCards.AnswerForAsker), "", QuestionCards.AnswerForAsker(t, question, "鈴木 一郎"));
        yield return (nameof(QuestionCards.List), "some", QuestionCards.List(t, "質問", [question, reopened with { Id = "q2", Status = QuestionStatus.Claimed, ClaimedBy = "p2" }],
            DateTimeOffset.UnixEpoch.AddDays(1), id => id, tokyo));
        yield return (nameof(QuestionCards.List), "none", QuestionCards.List(t, "質問", [], DateTimeOffset.UnixEpoch, id => id, tokyo));
        yield return (nameof(QuestionCards.Measures), "", QuestionCards.Measures(t,
            [new QuestionMeasure("d1", 3, TimeSpan.FromHours(2.5), 0.66, 0.33, 1), new QuestionMeasure("d2", 1, null, 0, null, 0)],
            [new QuestionMeasure("p2", 2, TimeSpan.FromHours(1), 1, 0, 0), new QuestionMeasure(TeamsDxBot.Anonymity.GroupingPolicy.Other, 5, null, 0.5, null, 0)], id => id, id => id, 3));
        yield return (nameof(QuestionCards.Resolved), "", QuestionCards.Resolved(t, question with { Status = QuestionStatus.Closed }));

        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var run = new PulseRun
        {
            TenantId = "t", Id = "i1_202611301000", InitiativeId = "i1", ToolName = "経費精算システム", LocalTime = new DateTime(2026, 11, 30, 10, 0, 0),
            ClosesAt = new DateTimeOffset(2026, 12, 3, 1, 0, 0, TimeSpan.Zero), Anonymous = true, Questions = PulseDefaults.Questions,
            Invited = new Dictionary<string, int> { ["d1"] = 12 },
        };
        var review = run with { Id = "i1_review3", Kind = PulseRunKind.Review, Milestone = 3, Questions = PulseDefaults.Review };
        var answers = new Dictionary<string, string> { ["usage"] = "daily", ["ease"] = "4", ["fallback"] = "no", ["blockers"] = "howto", ["comment"] = "承認が*速く*なった" };
        var settings = new PulseSettings { TenantId = "t", InitiativeId = "i1" };
        var custom = settings with { Questions = [.. PulseDefaults.Questions, new PulseQuestion("c1", PulseQuestionKind.SingleChoice, "研修は役に立ちましたか", "Was the training useful?", [new("o1", "はい", "Yes"), new("o2", "いいえ", "No")], false)] };
        var ticket = new SurveyTicket(run.Id, run.ClosesAt, "sales", t.Culture.Name, zone.Id, "token");
        yield return (nameof(PulseCards.Survey), "new", PulseCards.Survey(t, run, ticket, zone, null, false, 5));
        yield return (nameof(PulseCards.Survey), "reminder-filled", PulseCards.Survey(t, run with { Anonymous = false }, ticket, zone, answers, true, 5));
        yield return (nameof(PulseCards.Survey), "review", PulseCards.Survey(t, review, ticket, zone, null, false, 5));
        yield return (nameof(PulseCards.Survey), "problems", PulseCards.Survey(t, run, ticket, zone, answers, false, 5, ["「使いやすさ」に答えてください"]));
        yield return (nameof(PulseCards.Thanks), "", PulseCards.Thanks(t, run, answers, ticket, zone, false));
        yield return (nameof(PulseCards.Closed), "", PulseCards.Closed(t, run));
        yield return (nameof(PulseCards.Problems), "pulse", PulseCards.Problems(t, ["「使いやすさ」に答えてください"]));
        yield return (nameof(PulseCards.Pause), "active", PulseCards.Pause(t, Someone, new DateOnly(2026, 11, 24)));
        yield return (nameof(PulseCards.Pause), "paused", PulseCards.Pause(t, Someone with { PulsePausedUntil = new DateOnly(2026, 12, 4) }, new DateOnly(2026, 11, 24)));
        yield return (nameof(PulseCards.Admin), "some", PulseCards.Admin(t, [new(Tool, settings, [run.ClosesAt, run.ClosesAt.AddDays(7)], run), new(Tool with { Id = "i2" }, settings with { Enabled = false }, [], null)], zone, run.ClosesAt));
        yield return (nameof(PulseCards.Admin), "none", PulseCards.Admin(t, [], zone, run.ClosesAt));
        yield return (nameof(PulseCards.Settings), "", PulseCards.Settings(t, Tool, settings));
        yield return (nameof(PulseCards.Questions), "default", PulseCards.Questions(t, Tool, settings));
        yield return (nameof(PulseCards.Questions), "custom", PulseCards.Questions(t, Tool, custom));
        yield return (nameof(PulseCards.RunStarted), "", PulseCards.RunStarted(t, run, 42, zone));
        yield return (nameof(PulseCards.ConfirmRunNow), "", PulseCards.ConfirmRunNow(t, Tool, run, zone));
        yield return (nameof(PulseCards.ConfirmReplace), "", PulseCards.ConfirmReplace(t, Tool, run.ClosesAt, zone));

        var tally = new RunTally();
        foreach (var i in Enumerable.Range(0, 6))
        {
            tally.For("d1").Add(new PulseResponse { RespondentKey = $"k{i}", DepartmentId = "d1", Answers = answers }, PulseDefaults.Questions, +1);
        }
        var kpis = PulseKpis.Figures(run, tally, 5);
        var groups = new List<GroupReport>
        {
            new(GroupFigures.Company, "全社", kpis.Company, 0.05, KpiStatus.OnTrack, [0.5, 0.6]),
            new("d1", "営業部", kpis.For("d1")!, null, KpiStatus.AtRisk, [0.4, null]),
            new("d2", "製造部", kpis.Company with { Suppressed = true }, null, KpiStatus.NoData, []),
        };
        var report = new InitiativeReport(ReportKind.Weekly, Tool, run, false, [run, run], groups, [("使い方がわからない", 4)],
            [("ご意見・ご要望があればどうぞ", kpis.Company.Comments[0])], [groups[1]], new MeasuredFigures(new DateOnly(2026, 11, 30), 40, 87.5, 3, 60), 5)
        {
            Chart = new Uri("http://127.0.0.1:3978/files/x/trend.png?exp=1&sig=a"),
            Questions = new QuestionSection([new QuestionMeasure("d1", 3, TimeSpan.FromHours(2.5), 0.66, 0.33, 1)], [new QuestionMeasure("p1", 3, TimeSpan.FromHours(2.5), 0.66, 0.33, 1)],
                2, 5, new Dictionary<string, string> { ["d1"] = "営業部" }, new Dictionary<string, string> { ["p1"] = "鈴木 一郎" }),
            CanExport = true,
        };
        yield return (nameof(ReportCards.Report), "weekly", ReportCards.Report(t, report));
        yield return (nameof(ReportCards.Report), "monthly", ReportCards.Report(t, report with { Kind = ReportKind.Monthly, InProgress = true, Chart = null, Measured = null }));
        yield return (nameof(ReportCards.Report), "review", ReportCards.Report(t, report with { Kind = ReportKind.Review, Run = review, OpenImprovements = ["検索の高速化 - 対応中"] }));
        yield return (nameof(ReportCards.NoData), "", ReportCards.NoData(t, "経費精算システム"));
        yield return (nameof(ReportCards.Export), "", ReportCards.Export(t, new Uri("http://127.0.0.1:3978/files/x/a.csv?exp=1&sig=a"), 12, true));

        var item = new Improvement
        {
            TenantId = "t", Id = "m1", InitiativeId = "i1", Title = "検索の高速化", Owner = "情報システム部", Status = ImprovementStatus.Done, DepartmentIds = ["d1"],
            Source = "検索が遅い 3件",
        };
        var initiatives = new Dictionary<string, string> { ["i1"] = "経費精算システム" };
        var names = new Dictionary<string, string> { ["d1"] = "営業部" };
        yield return (nameof(ImprovementCards.List), "improvements", ImprovementCards.List(t, [item, item with { Id = "m2", Status = ImprovementStatus.Open, DepartmentIds = [], Source = "" }], initiatives, names, true));
        yield return (nameof(ImprovementCards.List), "improvements-empty", ImprovementCards.List(t, [], initiatives, names, false));
        yield return (nameof(ImprovementCards.Form), "improvement-new", ImprovementCards.Form(t, null, [Tool], departments, "i1"));
        yield return (nameof(ImprovementCards.Form), "improvement-edit", ImprovementCards.Form(t, item, [Tool], departments, null));
        yield return (nameof(ImprovementCards.Saved), "improvement", ImprovementCards.Saved(t, item));
        yield return (nameof(ImprovementCards.AnnounceForm), "", ImprovementCards.AnnounceForm(t, item, "経費精算システム"));
        yield return (nameof(ImprovementCards.YouSaidWeDid), "", ImprovementCards.YouSaidWeDid(t, item, "経費精算システム", "マニュアルを1枚にまとめました。", "佐藤 花子"));
        yield return (nameof(ImprovementCards.Problems), "improvement", ImprovementCards.Problems(t, [(nameof(Resources.Strings.Improvement_TitleInvalid), [120])]));

        var lines = new List<(Initiative, GroupFigures, KpiStatus)> { (Tool, kpis.Company, KpiStatus.AtRisk) };
        var encouragement = NudgeCards.EncouragementText(t, [(Tool, kpis.Company)]);
        yield return (nameof(NudgeCards.ExecutiveRhythm), "", NudgeCards.ExecutiveRhythm(t, lines, encouragement.Body, "b1", "broadcast.compose", "broadcast.sendNow"));
        yield return (nameof(NudgeCards.ExecutiveSilence), "since", NudgeCards.ExecutiveSilence(t, 31, false));
        yield return (nameof(NudgeCards.ExecutiveSilence), "never", NudgeCards.ExecutiveSilence(t, 45, true));
        yield return (nameof(NudgeCards.DepartmentAtRisk), "keyuser", NudgeCards.DepartmentAtRisk(t, Tool, "製造部", kpis.Company, KpiStatus.AtRisk, [("時間がない", 4)], "b2", "broadcast.compose", false));
        yield return (nameof(NudgeCards.DepartmentAtRisk), "promoter", NudgeCards.DepartmentAtRisk(t, Tool, "製造部", kpis.Company, KpiStatus.Below, [], null, null, true));
        yield return (nameof(NudgeCards.NotUsing), "keyuser", NudgeCards.NotUsing(t, Tool, ["鈴木 一郎"]));
        yield return (nameof(NudgeCards.NotUsing), "none", NudgeCards.NotUsing(t, Tool, []));
        yield return (nameof(NudgeCards.OverdueQuestions), "", NudgeCards.OverdueQuestions(t, 2));
        yield return (nameof(NudgeCards.UnansweredEscalations), "", NudgeCards.UnansweredEscalations(t, 1));
        yield return (nameof(NudgeCards.Skipped), "", NudgeCards.Skipped(t));
        yield return (nameof(NudgeCards.Log), "some", NudgeCards.Log(t, [new NudgeLogEntry(NudgeRuleKeys.NotUsing, "p1", "佐藤 花子", "2026-12", DateTimeOffset.UnixEpoch)],
            NudgeRuleKeys.All, new HashSet<string> { NudgeRuleKeys.ExecutiveSilence }, at => at.ToString("u", System.Globalization.CultureInfo.InvariantCulture)));
        yield return (nameof(NudgeCards.Log), "none", NudgeCards.Log(t, [], NudgeRuleKeys.All, new HashSet<string>(), at => ""));
        var broadcast = new Broadcast
        {
            TenantId = "t", Id = "b1", AuthorId = "p1", AuthorName = "伊藤 誠", Title = "経費精算は*今週*から", Body = "皆さん **ぜひ** 使ってみてください。\n\n- 申請は5分\n- 承認はスマホで",
            ImageUrl = "https://contoso.example/kickoff.png", LinkTitle = "マニュアル", LinkUrl = "https://contoso.example/manual", Audience = BroadcastAudience.Departments,
            DepartmentIds = ["d1"], Acknowledge = true, Status = BroadcastStatus.Sent, TimeZone = "Asia/Tokyo",
            Occurrences = [new BroadcastOccurrence(1, DateTimeOffset.UnixEpoch) { StartedAt = DateTimeOffset.UnixEpoch, SentAt = DateTimeOffset.UnixEpoch, Recipients = 12 }],
        };
        var campaign = broadcast with
        {
            Id = "b2", Status = BroadcastStatus.Scheduled, Audience = BroadcastAudience.Initiative, InitiativeId = "i1", ImageUrl = null, LinkTitle = null, LinkUrl = null,
            Schedule = new BroadcastScheduleForm(BroadcastTiming.Monthly, "2026-12-01", "10:00", null, "1", "1", null, "6"),
            Occurrences = [.. broadcast.Occurrences, new BroadcastOccurrence(2, DateTimeOffset.UnixEpoch.AddDays(30))],
        };
        var draft = broadcast with { Id = "b3", Status = BroadcastStatus.Draft, Audience = BroadcastAudience.Everyone, Occurrences = [], Acknowledge = false };
        var delivery = new TeamsDxBot.Delivery.DeliveryReport("m", 12, 10, 1, 1, 0, new Dictionary<string, int> { ["403"] = 1 }, 0, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var views = new List<BroadcastView>
        {
            new(draft, zone, [], null, true),
            new(campaign, zone, [new(campaign.Occurrences[0], delivery)], new AckFigures(7, [("d1", 5), (null, 2)]), true),
            new(broadcast with { AuthorId = "p2" }, zone, [new(broadcast.Occurrences[0], delivery)], new AckFigures(0, []), false),
        };
        yield return (nameof(BroadcastCards.Message), "full", BroadcastCards.Message(t, broadcast, 1));
        yield return (nameof(BroadcastCards.Message), "acknowledged", BroadcastCards.Message(t, broadcast, 1, acknowledged: true));
        yield return (nameof(BroadcastCards.Message), "preview-plain", BroadcastCards.Message(t, draft with { Acknowledge = true }, 0, preview: true));
        yield return (nameof(BroadcastCards.Composer), "new", BroadcastCards.Composer(t, null, departments, [Tool], false, zone, new DateOnly(2026, 11, 24)));
        yield return (nameof(BroadcastCards.Composer), "keyuser-edit", BroadcastCards.Composer(t, campaign, [Sales], [], true, zone, new DateOnly(2026, 11, 24)));
        yield return (nameof(BroadcastCards.Problems), "broadcast", BroadcastCards.Problems(t, [new(nameof(Resources.Strings.Broadcast_TitleInvalid), 100), new(nameof(Resources.Strings.Broadcast_DatesLineInvalid), 2, "2026-13-01")]));
        yield return (nameof(BroadcastCards.Submitted), "sent", BroadcastCards.Submitted(t, broadcast, "営業部", zone));
        yield return (nameof(BroadcastCards.Submitted), "scheduled", BroadcastCards.Submitted(t, campaign with { Occurrences = [new(1, DateTimeOffset.UnixEpoch)] }, "営業部", zone));
        yield return (nameof(BroadcastCards.List), "broadcasts", BroadcastCards.List(t, views, names, initiatives, "p1"));
        yield return (nameof(BroadcastCards.List), "broadcasts-empty", BroadcastCards.List(t, [], names, initiatives, "p1"));
        var audit = new TeamsDxBot.Audit.AuditEntry("r1", DateTimeOffset.UnixEpoch, "p1", "佐藤 花子", nameof(TeamsDxBot.Audit.AuditAction.RoleGranted), "Sato: KeyUser", "p2");
        yield return (nameof(TeamsDxBot.Directory.AuditCards.Page), "more", TeamsDxBot.Directory.AuditCards.Page(t, new([audit, audit with { Action = "Unknown" }], "r1"), zone, false));
        yield return (nameof(TeamsDxBot.Directory.AuditCards.Page), "empty", TeamsDxBot.Directory.AuditCards.Page(t, new([], null), zone, true));
        yield return (nameof(TeamsDxBot.Privacy.PersonCards.Person), "", TeamsDxBot.Privacy.PersonCards.Person(t, Someone, access));
        yield return (nameof(TeamsDxBot.Privacy.PersonCards.ConfirmDelete), "", TeamsDxBot.Privacy.PersonCards.ConfirmDelete(t, Someone));
        yield return (nameof(TeamsDxBot.Privacy.PersonCards.Exported), "", TeamsDxBot.Privacy.PersonCards.Exported(t, "Sato", new Uri("https://bot.example/files/x/person.json")));
    }

    [Fact]
    public void The_catalog_covers_every_card_builder()
    {
        var builders = new[] { typeof(DirectoryCards), typeof(InitiativeCards), typeof(HelpCommand), typeof(QuestionCards), typeof(FaqCards), typeof(MetricsCards), typeof(PulseCards), typeof(ReportCards), typeof(ImprovementCards), typeof(NudgeCards), typeof(BroadcastCards), typeof(TeamsDxBot.Directory.AuditCards), typeof(TeamsDxBot.Privacy.PersonCards) }
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => m.ReturnType == typeof(JObject)).Select(m => m.Name))
            .ToHashSet();
        var covered = Catalog(Texts.Japanese).Select(c => c.Builder).ToHashSet();
        Assert.Empty(builders.Except(covered));
    }

    [Fact]
    public void English_cards_use_no_Japanese_punctuation_around_what_the_bot_writes()
    {
        // The catalog's sample data (names, titles, bodies) avoids full-width brackets and commas, so whatever is
        // found here is the bot's own text; a broadcast body as its author wrote it is left as written.
        var found = Catalog(TeamsDxBot.Localization.Texts.English)
            .SelectMany(c => Strings(c.Card).Select(text => (c.Builder, c.Variant, Text: text)))
            .Where(x => x.Text.IndexOfAny(['（', '）', '、']) >= 0)
            .Select(x => $"{x.Builder}/{x.Variant}: {x.Text}")
            .ToList();
        Assert.True(found.Count == 0, string.Join("\n", found));

        static IEnumerable<string> Strings(JToken token) => token switch
        {
            JObject o => o.Properties().SelectMany(p => p.Name is "text" or "title" or "value" && p.Value.Type == JTokenType.String ? [(string)p.Value!] : Strings(p.Value)),
            JArray a => a.SelectMany(Strings),
            _ => [],
        };
    }

    [Fact]
    public async Task Every_card_passes_the_official_adaptivecards_parser()
    {
        await OfficialParser.AssertParsesInBothLanguagesAsync(t => Catalog(t).Select(c => ($"{c.Builder}-{c.Variant}", c.Card)));
    }
}
