using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Reports;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Anonymity;

/// <summary>
/// Many random companies (department sizes 0–15, random answers, k from 3 to 7) through the real
/// policy and output builders: the report card of every kind and scope, the trend chart, the CSV
/// export, the broadcast acknowledgement breakdown and the question measures. Every figure shown
/// covers at least k people, what is left of the total after the shown groups is nobody or at least
/// k people, and the CSV groups are the report's groups.
/// </summary>
public sealed class AnonymityPropertyTests : IAsyncLifetime
{
    private const int Cases = 240;
    private static readonly string[] Usage = ["daily", "several", "once", PulseRoles.NotUsed];
    private static readonly string[] Blockers = ["howto", "slower", "errors", "notime", "other"];
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly Texts T = Texts.Japanese;

    // The bot's services; given the runs and departments, the report builder reads no storage.
    private BotTestHost host = null!;

    public async Task InitializeAsync() => host = await BotTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>One random company: departments with their people, and closed weekly runs each answered by some of them.</summary>
    private sealed record Company(int Seed, int K, IReadOnlyDictionary<string, int> Headcount, IReadOnlyDictionary<string, string> Names,
        IReadOnlyList<(PulseRun Run, IReadOnlyList<PulseResponse> Responses)> Runs, PulseRun Review)
    {
        public string NameOf(string key) => Names[key];
    }

    private static Company Generate(int seed)
    {
        var random = new Random(seed);
        var k = random.Next(3, 8);
        var headcount = new Dictionary<string, int>();
        var names = new Dictionary<string, string>();
        foreach (var i in Enumerable.Range(0, random.Next(1, 7)))
        {
            var key = $"d{i}";
            headcount[key] = random.Next(0, 16);
            names[key] = $"部署{(char)('A' + i)}";
        }
        if (random.Next(3) == 0)
        {
            headcount[""] = random.Next(1, 4); // people without a department
        }
        var runs = new List<(PulseRun, IReadOnlyList<PulseResponse>)>();
        foreach (var r in Enumerable.Range(0, random.Next(1, 5)))
        {
            var responses = new List<PulseResponse>();
            foreach (var (department, people) in headcount)
            {
                // Everyone, nobody, or some: the edges (exactly k, k - 1) come up often enough.
                var answering = random.Next(4) switch { 0 => people, 1 => 0, _ => random.Next(0, people + 1) };
                for (var p = 0; p < answering; p++)
                {
                    var answers = new Dictionary<string, string>
                    {
                        ["usage"] = Usage[random.Next(Usage.Length)],
                        ["ease"] = random.Next(1, 6).ToString(CultureInfo.InvariantCulture),
                        ["fallback"] = random.Next(2) == 0 ? "yes" : "no",
                        ["blockers"] = Blockers[random.Next(Blockers.Length)],
                    };
                    if (random.Next(3) == 0)
                    {
                        answers["comment"] = $"voice-{department}-{r}-{p}";
                    }
                    responses.Add(new PulseResponse
                    {
                        RespondentKey = $"{seed}-{r}-{department}-{p}-{random.Next():x8}",
                        DepartmentId = department,
                        Answers = answers,
                        AnsweredAt = new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero).AddDays(7 * r).AddMinutes(random.Next(0, 4000)),
                    });
                }
            }
            runs.Add((Run($"r{seed}-{r}", r, headcount, Summary(responses)), responses));
        }
        var review = Run($"r{seed}-review", runs.Count, headcount, Summary([])) with { Kind = PulseRunKind.Review, Milestone = 3 };
        return new Company(seed, k, headcount, names, runs, review);
    }

    private static PulseRun Run(string id, int week, IReadOnlyDictionary<string, int> headcount, RunTally summary) => new()
    {
        TenantId = BotTestHost.TenantId,
        Id = id,
        InitiativeId = "tool",
        ToolName = "経費精算",
        Kind = PulseRunKind.Pulse,
        LocalTime = new DateTime(2026, 11, 2, 10, 0, 0).AddDays(7 * week),
        CreatedAt = new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero).AddDays(7 * week),
        Anonymous = true,
        Questions = PulseDefaults.Questions,
        Invited = headcount.Where(h => h.Key.Length > 0).ToDictionary(),
        Summary = summary,
    };

    private static RunTally Summary(IEnumerable<PulseResponse> responses)
    {
        var tally = new RunTally();
        foreach (var r in responses)
        {
            tally.For(r.DepartmentId).Add(r, PulseDefaults.Questions, +1);
        }
        return tally;
    }

    private static readonly Initiative Tool = new()
    {
        TenantId = BotTestHost.TenantId,
        Id = "tool",
        Name = "経費精算",
        GoLive = new DateOnly(2026, 11, 1),
        TargetDate = new DateOnly(2027, 2, 1),
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    /// <summary>
    /// The core property on one run's groups: each shown figure covers at least k people (checked
    /// against the true counts), named groups are real departments with those counts, and the total
    /// minus the named groups is exactly "other" — nobody, or at least k people.
    /// </summary>
    private static void AssertSafe(Company c, IReadOnlyList<PulseResponse> responses, RunFigures figures, string context)
    {
        var k = c.K;
        var counts = responses.GroupBy(r => r.DepartmentId).ToDictionary(g => g.Key, g => g.Count());
        var total = responses.Count;
        Assert.True(figures.Company.Respondents == total, $"{context}: company count");
        Assert.True(figures.Company.Suppressed == total < k, $"{context}: company shown only with k respondents ({total}, k={k})");
        var named = figures.Departments.Where(d => d.Key != GroupFigures.Other && !d.Suppressed).ToList();
        foreach (var d in figures.Departments.Where(d => !d.Suppressed))
        {
            Assert.True(d.Respondents >= k, $"{context}: group {d.Key} shown with {d.Respondents} < k={k}");
        }
        foreach (var d in named)
        {
            Assert.True(d.Key.Length > 0, $"{context}: people without a department are never a group of their own");
            Assert.Equal(counts.GetValueOrDefault(d.Key), d.Respondents);
        }
        var remainder = total - named.Sum(d => d.Respondents);
        if (!figures.Company.Suppressed)
        {
            Assert.True(remainder == 0 || remainder >= k, $"{context}: total minus shown groups leaves {remainder} (k={k})");
            var other = figures.For(GroupFigures.Other);
            Assert.Equal(remainder, other?.Respondents ?? 0);
            Assert.True(remainder == 0 || other is { Suppressed: false }, $"{context}: 'other' holds the rest and is shown");
        }
        else
        {
            Assert.Empty(named);
        }
    }

    [Fact]
    public async Task Every_output_shows_only_groups_of_at_least_k_and_nothing_recoverable_by_subtraction()
    {
        var checkedCsvRows = 0;
        for (var seed = 1; seed <= Cases; seed++)
        {
            var c = Generate(seed);
            // The bot's report builder with this company's threshold.
            var builder = new ReportBuilder(host.Get<PulseRunRepository>(), host.Get<PulseResponseRepository>(), host.Get<TeamsDxBot.Directory.DepartmentRepository>(),
                host.Get<TeamsDxBot.Files.FileStore>(), [], Options.Create(new AnonymityOptions { Threshold = c.K }), host.Clock, NullLogger<ReportBuilder>.Instance);
            var context = $"seed {seed} (k={c.K}, sizes {string.Join(",", c.Headcount.Select(h => $"{h.Key}:{h.Value}"))})";
            var departments = c.Names.Select(n => new TeamsDxBot.Directory.Department(BotTestHost.TenantId, n.Key, n.Value, false, DateTimeOffset.UnixEpoch)).ToList();
            var tenantRuns = c.Runs.Select(r => r.Run).Append(c.Review).ToList();

            // Each run's groups, as every report, push and nudge computes them.
            foreach (var (run, responses) in c.Runs)
            {
                AssertSafe(c, responses, PulseKpis.Figures(run, run.Summary!, c.K), $"{context} run {run.Id}");
            }

            var (latest, latestResponses) = c.Runs[^1];
            var latestFigures = PulseKpis.Figures(latest, latest.Summary!, c.K);
            var hidden = c.Names.Keys.Where(key => !latestFigures.Grouping.IsShown(key)).ToList();
            var keyUserOf = c.Names.Keys.First();
            foreach (var (kind, scope, runId) in new (ReportKind, ReportScope, string?)[]
            {
                (ReportKind.Latest, ReportScope.Everything, null),
                (ReportKind.Weekly, ReportScope.Everything, latest.Id),
                (ReportKind.Weekly, new ReportScope(false, new HashSet<string> { keyUserOf }, true), latest.Id),
                (ReportKind.Monthly, ReportScope.CompanyOnly with { Comments = true }, null),
                (ReportKind.Review, ReportScope.Everything, c.Review.Id),
                (ReportKind.Latest, ReportScope.CompanyOnly, null),
            })
            {
                var report = await builder.BuildAsync(Tool, scope, kind, T, default, tenantRuns, runId, departments);
                Assert.NotNull(report);
                var where = $"{context} {kind} report";
                AssertReport(c, report, latestResponses, where);

                // The card: a department folded into "other" is never named with figures.
                var card = ReportCards.Report(T, report).ToString();
                // Latest and monthly reports may show an earlier run than the newest: hidden is what that run hides.
                var hiddenInShown = kind == ReportKind.Review || report.Run!.Id == latest.Id ? hidden
                    : c.Names.Keys.Where(key => !PulseKpis.Figures(report.Run, report.Run.Summary!, c.K).Grouping.IsShown(key)).ToList();
                foreach (var key in hiddenInShown.Where(key => !scope.Departments.Contains(key)))
                {
                    Assert.False(card.Contains(c.NameOf(key), StringComparison.Ordinal), $"{where}: the card names hidden {c.NameOf(key)}");
                }

                // The chart: every point is a group of that run shown by the same policy.
                AssertChart(c, report, where);
            }

            // The CSV export: its groups are the report's groups, with the same counts.
            var everything = (await builder.BuildAsync(Tool, ReportScope.Everything, ReportKind.Weekly, T, default, tenantRuns, latest.Id, departments))!;
            var csv = ReadCsv(ExportAction.Csv(T, latest, latestResponses, c.Names, c.K, Tokyo));
            Assert.Equal(["回", "部署", .. PulseDefaults.Questions.Select(q => q.Text(false, latest.ToolName))], csv[0]);
            var csvGroups = csv.Skip(1).GroupBy(row => row[1]).ToDictionary(g => g.Key, g => g.Count());
            var reportGroups = everything.Groups.Skip(1).Where(g => !g.Latest.Suppressed && g.Latest.Respondents > 0).ToDictionary(g => g.Name, g => g.Latest.Respondents);
            if (latestResponses.Count < c.K)
            {
                Assert.Empty(csvGroups);
            }
            else
            {
                Assert.Equal(reportGroups.OrderBy(g => g.Key), csvGroups.OrderBy(g => g.Key));
            }
            Assert.All(csvGroups, g => Assert.True(g.Value >= c.K, $"{context}: CSV group {g.Key} has {g.Value} rows"));
            checkedCsvRows += csv.Count - 1;

            AssertAcknowledgements(c, new Random(seed * 7919));
            AssertQuestionMeasures(c, new Random(seed * 104729));
        }
        Assert.True(checkedCsvRows > 1000, "the cases exercise the CSV with real rows");
    }

    private static void AssertReport(Company c, InitiativeReport report, IReadOnlyList<PulseResponse> responses, string where)
    {
        var company = report.Groups[0].Latest;
        foreach (var g in report.Groups.Where(g => !g.Latest.Suppressed))
        {
            Assert.True(g.Latest.Respondents >= c.K, $"{where}: {g.Name} shown with {g.Latest.Respondents} respondents");
        }
        if (company.Suppressed)
        {
            Assert.All(report.Groups, g => Assert.True(g.Latest.Suppressed, $"{where}: {g.Name} shown while the company is not"));
            Assert.Empty(report.TopBlockers);
        }
        // Comments come only from groups shown; anonymous ones never carry a name.
        var shownKeys = report.Groups.Where(g => !g.Latest.Suppressed).Select(g => g.Key).ToHashSet();
        foreach (var (_, comment) in report.Comments)
        {
            Assert.Null(comment.Name);
            if (report.Kind != ReportKind.Review && !shownKeys.Contains(GroupFigures.Company))
            {
                var department = comment.Text.Split('-')[1];
                Assert.True(shownKeys.Contains(department), $"{where}: a comment of {department} is shown");
            }
        }
        Assert.True(report.Comments.Count == 0 || shownKeys.Count > 0, $"{where}: comments with nothing shown");
    }

    private static void AssertChart(Company c, InitiativeReport report, string where)
    {
        if (ReportBuilder.ChartData(report, T) is not { } chart)
        {
            return;
        }
        var skip = report.TrendRuns.Count - chart.XLabels.Count;
        var keyOf = report.Groups.ToDictionary(g => g.Name, g => g.Key);
        for (var i = 0; i < chart.XLabels.Count; i++)
        {
            var run = report.TrendRuns[skip + i];
            var figures = PulseKpis.Figures(run, run.Summary!, c.K);
            foreach (var series in chart.Series.Where(s => i < s.Values.Count && s.Values[i] is not null))
            {
                var group = figures.For(keyOf[series.Name]);
                Assert.True(group is { Suppressed: false }, $"{where}: chart point {series.Name} at {run.Id} is not a shown group");
                Assert.True(group!.Respondents >= c.K, $"{where}: chart point {series.Name} at {run.Id} covers {group.Respondents}");
                Assert.True(group.UseRate * 100 == series.Values[i], $"{where}: chart point {series.Name} at {run.Id} is {series.Values[i]}, the group's figure {group.UseRate * 100}");
            }
        }
    }

    /// <summary>"I'll try it" from a random share of each department's people.</summary>
    private static void AssertAcknowledgements(Company c, Random random)
    {
        var acks = c.Headcount.SelectMany(h => Enumerable.Range(0, random.Next(0, h.Value + 1))
            .Select(i => new BroadcastAck(BotTestHost.TenantId, "b", $"{h.Key}-{i}", h.Key, 1, DateTimeOffset.UnixEpoch))).ToList();
        var counts = acks.GroupBy(a => a.DepartmentId).ToDictionary(g => g.Key, g => g.Count());
        var figures = AckFigures.Fold(acks, c.K);
        Assert.Equal(acks.Count, figures.Total);
        var named = figures.Groups.Where(g => g.DepartmentId is not null).ToList();
        foreach (var (department, count) in named)
        {
            Assert.True(count >= c.K && department!.Length > 0, $"seed {c.Seed}: acknowledgements of {department} shown at {count}");
            Assert.Equal(counts[department!], count);
        }
        if (figures.Groups.Count > 0)
        {
            // A breakdown accounts for everyone, and its "other" is nobody or at least k.
            var other = figures.Groups.Where(g => g.DepartmentId is null).Sum(g => g.Count);
            Assert.Equal(figures.Total, named.Sum(g => g.Count) + other);
            Assert.True(other == 0 || other >= c.K, $"seed {c.Seed}: acknowledgements 'other' {other}");
            Assert.NotEmpty(named);
        }
        else
        {
            // No breakdown: no department reached k, or "other" could not.
            var grouping = GroupingPolicy.Decide(counts.Select(x => new GroupSize(x.Key, x.Value)), c.K);
            Assert.Empty(grouping.Shown);
        }
    }

    /// <summary>Questions from a random share of each department's people, some answered by one of its key users.</summary>
    private static void AssertQuestionMeasures(Company c, Random random)
    {
        var questions = new List<Question>();
        foreach (var (department, people) in c.Headcount)
        {
            var keyUsers = Enumerable.Range(0, random.Next(1, 3)).Select(i => $"ku-{department}-{i}").ToList();
            for (var p = 0; p < random.Next(0, people + 1); p++)
            {
                for (var n = 0; n < random.Next(1, 3); n++)
                {
                    var asked = DateTimeOffset.UnixEpoch.AddHours(random.Next(0, 1000));
                    var answeredBy = random.Next(3) == 0 ? null : keyUsers[random.Next(keyUsers.Count)];
                    questions.Add(new Question
                    {
                        TenantId = BotTestHost.TenantId,
                        Id = $"q-{department}-{p}-{n}",
                        AskerId = $"asker-{department}-{p}",
                        DepartmentId = department.Length == 0 ? null : department,
                        Text = "?",
                        AssigneeIds = keyUsers,
                        CreatedAt = asked,
                        DueAt = asked.AddHours(8),
                        History = answeredBy is null ? [] : [new QuestionEvent(asked.AddHours(random.Next(1, 12)), answeredBy, "answered")],
                    });
                }
            }
        }
        var shown = QuestionMeasures.Shown(questions, c.K);
        int Askers(IEnumerable<Question> qs) => qs.Select(q => q.AskerId).Distinct().Count();

        var named = shown.Departments.Where(m => m.Key != GroupingPolicy.Other).ToList();
        foreach (var m in named)
        {
            var mine = questions.Where(q => (q.DepartmentId ?? "") == m.Key).ToList();
            Assert.True(Askers(mine) >= c.K, $"seed {c.Seed}: question measures of {m.Key} from {Askers(mine)} askers");
            Assert.Equal(mine.Count, m.Questions);
        }
        var rest = questions.Where(q => !named.Any(m => m.Key == (q.DepartmentId ?? ""))).ToList();
        var other = shown.Departments.SingleOrDefault(m => m.Key == GroupingPolicy.Other);
        if (other is not null)
        {
            Assert.True(Askers(rest) >= c.K, $"seed {c.Seed}: question measures 'other' from {Askers(rest)} askers");
            Assert.Equal(rest.Count, other.Questions);
        }
        else if (named.Count > 0)
        {
            Assert.Empty(rest);
        }

        var namedKeyUsers = shown.KeyUsers.Where(m => m.Key != GroupingPolicy.Other).Select(m => m.Key).ToHashSet();
        foreach (var m in shown.KeyUsers)
        {
            var attributed = questions.Where(q => m.Key == GroupingPolicy.Other ? Who(q).Any(w => !namedKeyUsers.Contains(w)) : Who(q).Contains(m.Key)).ToList();
            Assert.True(Askers(attributed) >= c.K, $"seed {c.Seed}: key user measures of {m.Key} from {Askers(attributed)} askers");
            Assert.Equal(attributed.Count, m.Questions);
        }
    }

    /// <summary>Whom a question counts for: whoever answered it first, else every assignee.</summary>
    private static IReadOnlyList<string> Who(Question q) =>
        q.History.FirstOrDefault(e => e.Kind == "answered") is { } first ? [first.Actor] : q.AssigneeIds;

    private static List<string[]> ReadCsv(byte[] bytes)
    {
        using var reader = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF')), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Parser.Record!);
        }
        return rows;
    }
}
