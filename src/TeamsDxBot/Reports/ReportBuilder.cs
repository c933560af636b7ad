using Microsoft.Extensions.Options;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Directory;
using TeamsDxBot.Files;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Reports;

/// <summary>
/// Builds reports from the runs' stored final figures (one partition read per tenant) and, for a run
/// still open, its live rollups: the cost grows with departments × runs, never with answers.
/// </summary>
public sealed class ReportBuilder(
    PulseRunRepository runs,
    PulseResponseRepository responses,
    DepartmentRepository departments,
    FileStore files,
    IEnumerable<IMeasuredFigures> measuredSources,
    IOptions<AnonymityOptions> anonymity,
    TimeProvider time,
    ILogger<ReportBuilder> logger)
{
    public const int ChartRuns = 12;

    public int Threshold => anonymity.Value.Threshold;

    public async Task<InitiativeReport?> BuildAsync(Initiative initiative, ReportScope scope, ReportKind kind, Texts t, CancellationToken ct,
        IReadOnlyList<PulseRun>? tenantRuns = null, string? runId = null, IReadOnlyList<Department>? departmentList = null)
    {
        var all = (tenantRuns ?? await runs.ListAsync(initiative.TenantId, ct)).Where(r => r.InitiativeId == initiative.Id).ToList();
        var closed = all.Where(r => r.Kind == PulseRunKind.Pulse && r.Summary is not null).OrderBy(r => r.LocalTime).ThenBy(r => r.CreatedAt).ToList();
        var k = Threshold;
        if (ResolveShownRun(all, closed, runId, k) is not { } shown)
        {
            return null;
        }
        var live = shown.Summary is null ? await responses.ReadTallyAsync(initiative.TenantId, shown.Id, ct) : null;
        var trend = ComputeTrend(shown, closed, live, k);
        var names = (departmentList ?? await departments.ListAsync(initiative.TenantId, ct)).ToDictionary(d => d.Id, d => d.Name);
        string NameOf(string key) => GroupName(key, names, t, k);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        // By name, "other" last: readers look a department up by its name.
        var departmentLines = trend.Figures.Departments.Select(g => GroupLine(g, trend, initiative, today, NameOf))
            .OrderBy(l => l.Key == GroupFigures.Other).ThenBy(l => l.Name, StringComparer.Create(t.Culture, ignoreCase: false)).ToList();
        var groups = ScopedGroups(GroupLine(trend.Figures.Company, trend, initiative, today, NameOf), departmentLines, scope, trend.Figures.Run, NameOf);
        var top = TopBlockers(trend.Figures, groups, scope, t);
        var comments = scope.Comments ? Comments(trend.Current, scope, kind, initiative, t) : [];
        var atRisk = departmentLines.Where(l => l.Status is KpiStatus.AtRisk or KpiStatus.Below).ToList();
        var measured = await MeasuredAsync(initiative, scope, trend.Figures, groups, ct);
        // A newer closed run passed over for too few answers is named, so the reader knows why this one is shown.
        var passedOver = runId is null && closed.Count > 0 && closed[^1].Id != shown.Id ? closed[^1].Date : (DateOnly?)null;
        return new InitiativeReport(kind, initiative, shown, live is not null, trend.Chronology.Select(c => c.Run).ToList(), groups, top, comments, atRisk, measured, k)
        {
            PassedOver = passedOver,
        };
    }

    /// <summary>
    /// The run asked for, else the latest closed pulse with enough answers to show the company's figures
    /// (else the latest closed one, which shows none: the card then says so, <see cref="HasFigures"/>).
    /// Never a run still open: its few early answers hide every figure, and a status without figures
    /// says nothing (the open run is a progress line, <see cref="ProgressAsync"/>).
    /// </summary>
    private static PulseRun? ResolveShownRun(IReadOnlyList<PulseRun> all, IReadOnlyList<PulseRun> closed, string? runId, int k)
    {
        if (runId is not null)
        {
            return all.FirstOrDefault(r => r.Id == runId);
        }
        return closed.LastOrDefault(r => !PulseKpis.Figures(r, r.Summary!, k).Company.Suppressed) ?? closed.LastOrDefault();
    }

    /// <summary>False when even the company's figures are hidden (fewer than k answers): no figure, no status, no file.</summary>
    public static bool HasFigures(InitiativeReport report) => !report.Groups[0].Latest.Suppressed;

    /// <summary>
    /// The pulse still collecting answers, newer than <paramref name="shown"/>: answered and invited for the
    /// whole company only. Per department, a small group's count would tell who has answered so far.
    /// </summary>
    public async Task<RunProgress?> ProgressAsync(Initiative initiative, PulseRun? shown, CancellationToken ct, IReadOnlyList<PulseRun>? tenantRuns = null)
    {
        var now = time.GetUtcNow();
        var open = (tenantRuns ?? await runs.ListAsync(initiative.TenantId, ct))
            .Where(r => r.InitiativeId == initiative.Id && r.Kind == PulseRunKind.Pulse && r.Summary is null && r.IsOpen(now) && r.Id != shown?.Id)
            .MaxBy(r => r.CreatedAt);
        if (open is null)
        {
            return null;
        }
        var tally = await responses.ReadTallyAsync(initiative.TenantId, open.Id, ct);
        return new RunProgress(open.Date, tally.Departments.Values.Sum(d => d.Respondents), open.Invited.Values.Sum());
    }

    private static ReportTrend ComputeTrend(PulseRun shown, IReadOnlyList<PulseRun> closed, RunTally? live, int k)
    {
        var history = closed.Select(r => PulseKpis.Figures(r, r.Summary!, k)).ToList();
        var current = live is not null ? PulseKpis.Figures(shown, live, k) : history.FirstOrDefault(f => f.Run.Id == shown.Id) ?? PulseKpis.Figures(shown, shown.Summary!, k);
        // Reviews show the pulse trend; the review's own answers are its comments.
        var figures = shown.Kind == PulseRunKind.Review ? history.LastOrDefault() ?? current : current;
        var chronology = history.Where(h => h.Run.LocalTime <= shown.LocalTime || shown.Kind == PulseRunKind.Review).ToList();
        if (live is not null && shown.Kind == PulseRunKind.Pulse)
        {
            chronology.Add(current);
        }
        var previous = chronology.Count >= 2 && chronology[^1].Run.Id == figures.Run.Id ? chronology[^2] : null;
        return new ReportTrend(current, figures, chronology, previous);
    }

    private static string GroupName(string key, IReadOnlyDictionary<string, string> names, Texts t, int k) => key switch
    {
        GroupFigures.Company => t[nameof(Strings.Report_Company)],
        GroupFigures.Other => t.Format(nameof(Strings.Report_Other), k),
        "" => t[nameof(Strings.Report_NoDepartment)],
        _ => names.GetValueOrDefault(key, key),
    };

    private static GroupReport GroupLine(GroupFigures g, ReportTrend trend, Initiative initiative, DateOnly today, Func<string, string> nameOf)
    {
        var values = trend.Chronology.Select(h => h.For(g.Key) is { Suppressed: false } f ? f.UseRate : null).ToList();
        var dated = trend.Chronology.Select((h, i) => (h.Run.Date, values[i])).ToList();
        double? change = trend.Previous?.For(g.Key) is { Suppressed: false, UseRate: { } before } && g.UseRate is { } now ? now - before : null;
        // No status without figures: an earlier run's figures would speak for a group that shows none now.
        var status = g.Suppressed ? KpiStatus.NoData : PulseKpis.Status(initiative, dated, today);
        return new GroupReport(g.Key, nameOf(g.Key), g, change, status, values);
    }

    /// <summary>The company first, then every department or only the reader's own.</summary>
    private static List<GroupReport> ScopedGroups(GroupReport company, IReadOnlyList<GroupReport> departmentLines, ReportScope scope, PulseRun run,
        Func<string, string> nameOf)
    {
        var groups = new List<GroupReport> { company };
        if (scope.AllDepartments)
        {
            groups.AddRange(departmentLines);
            return groups;
        }
        // A reader's own department may be folded into "other" (too few answers): they see that it is hidden.
        foreach (var department in scope.Departments)
        {
            groups.Add(departmentLines.FirstOrDefault(l => l.Key == department)
                ?? new GroupReport(department, nameOf(department), Hidden(department, run), null, KpiStatus.NoData, []));
        }
        return groups;
    }

    private static List<(string Label, int Count)> TopBlockers(RunFigures figures, IReadOnlyList<GroupReport> groups, ReportScope scope, Texts t)
    {
        var blockerSource = scope.AllDepartments || scope.Departments.Count == 0 ? figures.Company
            : groups.Skip(1).FirstOrDefault(g => !g.Latest.Suppressed)?.Latest;
        var blockerQuestion = figures.Run.Questions.FirstOrDefault(q => q.Role == PulseRoles.Blockers);
        return blockerSource is null || blockerQuestion is null ? [] : blockerSource.Blockers.OrderByDescending(b => b.Value).ThenBy(b => b.Key, StringComparer.Ordinal).Take(3)
            .Select(b => (PulseCards.AnswerText(t, blockerQuestion, b.Key), b.Value)).ToList();
    }

    private static List<(string Question, TallyComment Comment)> Comments(RunFigures commentRun, ReportScope scope, ReportKind kind, Initiative initiative, Texts t)
    {
        var comments = new List<(string, TallyComment)>();
        var source = scope.AllDepartments ? [commentRun.Company] : commentRun.Departments.Where(d => scope.Includes(d.Key) && !d.Suppressed).ToList();
        foreach (var c in source.Where(g => !g.Suppressed).SelectMany(g => g.Comments).OrderByDescending(c => c.At).Take(kind == ReportKind.Review ? 30 : 10))
        {
            var question = commentRun.Run.Questions.FirstOrDefault(q => q.Id == c.QuestionId);
            comments.Add((question?.Text(t.IsEnglish, initiative.NameFor(t.IsEnglish)) ?? "", c));
        }
        return comments;
    }

    /// <summary>Usage measured outside the pulse for the run's week, with the headcount of the group it is about.</summary>
    private async Task<MeasuredFigures?> MeasuredAsync(Initiative initiative, ReportScope scope, RunFigures figures, IReadOnlyList<GroupReport> groups, CancellationToken ct)
    {
        MeasuredFigures? measured = null;
        foreach (var source in measuredSources)
        {
            var department = !scope.AllDepartments && scope.Departments.Count == 1 ? scope.Departments.First() : null;
            measured = await source.GetAsync(initiative, Monday(figures.Run.Date), department, ct);
            if (measured is not null)
            {
                measured = measured with { Headcount = department is null ? figures.Company.Invited : groups.FirstOrDefault(g => g.Key == department)?.Latest.Invited };
            }
        }
        return measured;
    }

    private static GroupFigures Hidden(string key, PulseRun run) =>
        new(key, run.Invited.GetValueOrDefault(key), 0, true, null, null, null, null, null, new Dictionary<string, int>(), []);

    public static DateOnly Monday(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>What the trend chart shows: the company and the report's groups, each value one run's figure (null where hidden).</summary>
    public static TrendChartData? ChartData(InitiativeReport report, Texts t)
    {
        if (report.TrendRuns.Count == 0)
        {
            return null;
        }
        var skip = Math.Max(0, report.TrendRuns.Count - ChartRuns);
        var labels = report.TrendRuns.Skip(skip).Select(r => r.Date.ToString("M/d", t.Culture)).ToList();
        var series = report.Groups.Where(g => g.Trend.Count > 0 && g.Trend.Any(v => v is not null)).Take(6)
            .Select(g => new TrendSeries(g.Name, g.Trend.Skip(skip).Select(v => v * 100).ToList())).ToList();
        return new TrendChartData(t.Format(nameof(Strings.Report_ChartTitle), report.Initiative.NameFor(t.IsEnglish)), labels, series,
            report.Initiative.TargetPercent, t.Format(nameof(Strings.Report_ChartTarget), report.Initiative.TargetPercent), t[nameof(Strings.Report_ChartAxis)]);
    }

    /// <summary>Renders the trend (company and the shown departments against the target) and returns its signed link.</summary>
    public async Task<Uri?> ChartAsync(InitiativeReport report, Texts t, CancellationToken ct)
    {
        if (ChartData(report, t) is not { } data)
        {
            return null;
        }
        try
        {
            var png = TrendChart.RenderPng(data);
            return await files.PublishAsync(report.Initiative.TenantId, $"trend-{report.Initiative.Id}.png", "image/png", png, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A report without its chart is still worth sending.
            logger.LogError(e, "Rendering the trend chart of {Initiative} failed", report.Initiative.Id);
            return null;
        }
    }
}
