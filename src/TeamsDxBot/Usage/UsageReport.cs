using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TeamsDxBot.Calendar;
using TeamsDxBot.Directory;
using TeamsDxBot.Files;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Reports;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>
/// One group's line in the measured-usage part of a report: the newest week's figures, the change of the
/// active rate since the week before, the status against the initiative's target (the pulse's rule),
/// and what the group said in the pulse (<see cref="Said"/>, the share answering they used the tool).
/// </summary>
public sealed record UsageLine(string? DepartmentId, string Name, UsageWeekFigures Latest, double? Change, KpiStatus Status, double? Said, bool LargeGap)
{
    /// <summary>Said minus measured (0–1 scale); null when either is missing.</summary>
    public double? Gap => Said is { } said && Latest.ActiveRate is { } measured ? said - measured : null;
}

/// <summary>The measured usage one reader sees: the company first, then the departments of their <see cref="UsageReportAudience"/>.</summary>
public sealed record UsageReport(Initiative Initiative, DateOnly AsOf, IReadOnlyList<UsageLine> Lines, UsageReportAudience Audience, int GapPoints, int LapsedWeeks)
{
    /// <summary>The launch curve image (signed link); null when it could not be drawn.</summary>
    public Uri? Curve { get; init; }
}

/// <summary>
/// Builds <see cref="UsageReport"/>s from <see cref="IUsageFigures"/>. A report send builds one card per
/// reader, so the overview of an initiative is read once and kept for <see cref="CacheFor"/>, and each
/// launch curve (per initiative, groups shown and language) is drawn once in that time.
/// </summary>
public sealed class UsageReports(
    IUsageFigures figures,
    DepartmentRepository departments,
    FileStore files,
    CompanyCalendar calendar,
    IOptions<UsageOptions> usageOptions,
    IOptions<UsageReportOptions> options,
    TimeProvider time,
    ILogger<UsageReports> logger)
{
    /// <summary>Long enough for a send to every reader, short enough that a new import shows in the next report asked for.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private sealed record Cached(DateTimeOffset Until, Lazy<Task<UsageOverview?>> Overview, ConcurrentDictionary<string, Lazy<Task<Uri?>>> Curves);

    private readonly ConcurrentDictionary<string, Cached> cache = new(StringComparer.Ordinal);

    public UsageReportAudience? AudienceFor(IReadOnlySet<Role> roles, Person person, ReportKind kind = ReportKind.Latest) =>
        UsageReportAudience.For(roles, person, usageOptions.Value.NamesVisibleTo, kind);

    /// <summary>The initiative's overview, read at most once per <see cref="CacheFor"/>; null when nothing is imported.</summary>
    public async Task<UsageOverview?> OverviewAsync(Initiative initiative, CancellationToken ct)
    {
        var entry = Entry(initiative, ct);
        try
        {
            return await entry.Overview.Value.WaitAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // A failed read is not kept: the next reader tries again.
            cache.TryRemove(new KeyValuePair<string, Cached>(Key(initiative), entry));
            throw;
        }
    }

    private Cached Entry(Initiative initiative, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var old in cache.Where(c => c.Value.Until <= now))
        {
            cache.TryRemove(old);
        }
        return cache.AddOrUpdate(Key(initiative),
            _ => New(),
            (_, existing) => existing.Until > now && !existing.Overview.Value.IsFaulted && !existing.Overview.Value.IsCanceled ? existing : New());

        Cached New() => new(now + CacheFor, new Lazy<Task<UsageOverview?>>(() => figures.OverviewAsync(initiative, CancellationToken.None)), new(StringComparer.Ordinal));
    }

    private static string Key(Initiative initiative) => initiative.TenantId + "|" + initiative.Id;

    /// <summary>
    /// What <paramref name="audience"/> sees of the initiative's measured usage, beside what the pulse
    /// report <paramref name="pulse"/> says (null: no pulse figures); null when nothing is imported.
    /// </summary>
    public async Task<UsageReport?> BuildAsync(Initiative initiative, UsageReportAudience audience, Texts t, InitiativeReport? pulse, CancellationToken ct,
        IReadOnlyList<Department>? departmentList = null, bool withCurve = true)
    {
        if (await OverviewAsync(initiative, ct) is not { } overview)
        {
            return null;
        }
        var names = (departmentList ?? await departments.ListAsync(initiative.TenantId, ct)).ToDictionary(d => d.Id, d => d.Name);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), calendar.Zone).DateTime);
        var gapPoints = options.Value.GapPoints;
        var lines = overview.Groups
            .Where(g => g.Weeks.Count > 0 && audience.Sees(g.DepartmentId) && (g.DepartmentId is null || g.Weeks[^1].Headcount > 0))
            .Select(g => Line(initiative, g, pulse, today, gapPoints,
                g.DepartmentId is null ? t[nameof(Strings.Report_Company)] : names.GetValueOrDefault(g.DepartmentId, g.DepartmentId)))
            .ToList();
        var report = new UsageReport(initiative, overview.AsOf, lines, audience, gapPoints, usageOptions.Value.LapsedWeeks);
        return withCurve ? report with { Curve = await CurveAsync(initiative, overview, report, t, ct) } : report;
    }

    private static UsageLine Line(Initiative initiative, UsageSeries group, InitiativeReport? pulse, DateOnly today, int gapPoints, string name)
    {
        var latest = group.Weeks[^1];
        var previous = group.Weeks.Count >= 2 ? group.Weeks[^2] : null;
        double? change = previous?.ActiveRate is { } before && latest.ActiveRate is { } now ? now - before : null;
        // The pulse's rule on the weekly active rates, so "at risk" means the same in both parts of the report.
        var status = latest.Headcount == 0 ? KpiStatus.NoData : PulseKpis.Status(initiative, group.Weeks.Select(w => (w.Week, w.ActiveRate)).ToList(), today);
        var key = group.DepartmentId ?? GroupFigures.Company;
        double? said = pulse?.Groups.FirstOrDefault(g => g.Key == key) is { Latest: { Suppressed: false, UseRate: { } use } } ? use : null;
        var line = new UsageLine(group.DepartmentId, name, latest, change, status, said, false);
        return line with { LargeGap = line.Gap is { } gap && Math.Abs(gap) * 100 >= gapPoints - 1e-9 };
    }

    /// <summary>The launch curve as a signed PNG link, drawn once per initiative, groups and language while cached.</summary>
    private async Task<Uri?> CurveAsync(Initiative initiative, UsageOverview overview, UsageReport report, Texts t, CancellationToken ct)
    {
        if (LaunchCurve.Data(t, overview, report) is not { } data)
        {
            return null;
        }
        var key = string.Join(',', report.Lines.Select(l => l.DepartmentId ?? "*")) + "|" + t.Culture.Name + "|" + initiative.TargetPercent;
        var curves = Entry(initiative, ct).Curves;
        var lazy = curves.GetOrAdd(key, _ => new Lazy<Task<Uri?>>(() => RenderAsync(initiative, data)));
        var link = await lazy.Value.WaitAsync(ct);
        if (link is null)
        {
            curves.TryRemove(new KeyValuePair<string, Lazy<Task<Uri?>>>(key, lazy));
        }
        return link;
    }

    private async Task<Uri?> RenderAsync(Initiative initiative, TrendChartData data)
    {
        try
        {
            var png = TrendChart.RenderPng(data, height: LaunchCurve.Height);
            return await files.PublishAsync(initiative.TenantId, $"launch-{initiative.Id}.png", "image/png", png, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The figures are still worth sending without their chart.
            logger.LogError(e, "Rendering the launch curve of {Initiative} failed", initiative.Id);
            return null;
        }
    }
}
