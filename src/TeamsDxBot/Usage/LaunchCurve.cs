using TeamsDxBot.Localization;
using TeamsDxBot.Reports;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Usage;

/// <summary>
/// The launch curve: the weekly active rate of the company and each department shown, by weeks since
/// go-live, so departments are compared at the same age of the rollout. Drawn by <see cref="TrendChart"/>.
/// </summary>
public static class LaunchCurve
{
    /// <summary>The company and this many departments at most: more lines and the legend takes the picture.</summary>
    public const int MaxLines = 8;

    /// <summary>A little taller than the trend chart: the legend below may take two or three rows.</summary>
    public const int Height = 360;

    /// <summary>The Monday the curve starts from: go-live's week, or the first week on record when go-live is unset.</summary>
    public static DateOnly Start(UsageOverview overview) =>
        overview.Initiative.GoLive == default ? overview.Company.Weeks[0].Week : UsageWeek.MondayOf(overview.Initiative.GoLive);

    /// <summary>Null when no week since go-live has figures.</summary>
    public static TrendChartData? Data(Texts t, UsageOverview overview, UsageReport report)
    {
        var start = Start(overview);
        var shown = report.Lines.Take(MaxLines).ToList();
        var series = new List<TrendSeries>();
        var weeks = 0;
        foreach (var line in shown)
        {
            var group = overview.Groups.First(g => g.DepartmentId == line.DepartmentId);
            var values = group.Weeks.Where(w => w.Week >= start).Select(w => w.ActiveRate * 100).ToList();
            weeks = Math.Max(weeks, values.Count);
            series.Add(new TrendSeries(line.Name, values));
        }
        if (weeks == 0)
        {
            return null;
        }
        var labels = Enumerable.Range(0, weeks).Select(i => t.Format(nameof(Strings.Usage_ReportCurveWeek), i)).ToList();
        return new TrendChartData(t.Format(nameof(Strings.Usage_ReportCurveTitle), report.Initiative.NameFor(t.IsEnglish)), labels, series,
            report.Initiative.TargetPercent, t.Format(nameof(Strings.Report_ChartTarget), report.Initiative.TargetPercent), t[nameof(Strings.Usage_ReportColMeasured)]);
    }
}
