using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Reports;

/// <summary>
/// A report as an Excel workbook for the management meeting: a summary, the department table and the
/// trend. It is written from the built report, whose groups the grouping policy has already decided,
/// so it shows exactly what the card shows: a group under k has its name and no figure, and a
/// department folded into "other" never appears by name. Comments are left out (they stay in the chat).
/// </summary>
public static class ReportWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Build(Texts t, InitiativeReport r)
    {
        var sheets = new Dictionary<string, object>
        {
            [t[nameof(Strings.Report_SheetSummary)]] = Summary(t, r),
            [t[nameof(Strings.Report_SheetGroups)]] = Groups(t, r),
            [t[nameof(Strings.Report_SheetTrend)]] = Trend(t, r),
        };
        using var stream = new MemoryStream();
        // Cells are written as values, never formulas, so a department named "=..." stays text.
        // Auto width needs MiniExcel's fast mode (it keeps the sheet in memory, a few kilobytes here).
        stream.SaveAs(sheets, excelType: ExcelType.XLSX,
            configuration: new OpenXmlConfiguration { FastMode = true, EnableAutoWidth = true, FreezeRowCount = 1, AutoFilter = false });
        return stream.ToArray();
    }

    private static List<Dictionary<string, object?>> Summary(Texts t, InitiativeReport r)
    {
        var run = r.Run!;
        var company = r.Groups[0].Latest;
        var (item, value) = (t[nameof(Strings.Report_XlsItem)], t[nameof(Strings.Report_XlsValue)]);
        Dictionary<string, object?> Line(string label, object? content) => new() { [item] = label, [value] = content };
        return
        [
            Line(t[nameof(Strings.Report_XlsReport)], t.Format(ReportCards.TitleKey(r.Kind), r.Initiative.NameFor(t.IsEnglish), run.Milestone ?? 0)),
            Line(t[nameof(Strings.Report_XlsRunDate)], run.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            Line(t[nameof(Strings.Report_ResponseRate)], t.Format(nameof(Strings.Report_RunLine), Formats.Day(t, run.Date), company.Respondents, company.Invited,
                ReportCards.Percent(t, company.ResponseRate))),
            Line(t[nameof(Strings.Report_XlsTarget)], t.Format(nameof(Strings.Report_Target), r.Initiative.TargetPercent, Formats.Day(t, r.Initiative.TargetDate))),
            Line(t[nameof(Strings.Report_XlsAnonymityLabel)], t.Format(nameof(Strings.Report_XlsAnonymity), r.AnonymityThreshold)),
        ];
    }

    private static List<Dictionary<string, object?>> Groups(Texts t, InitiativeReport r)
    {
        string Pct(string key) => t.Format(nameof(Strings.Report_XlsPercent), t[key]);
        var columns = new[]
        {
            t[nameof(Strings.Report_ColGroup)], t[nameof(Strings.Report_ColStatus)], t[nameof(Strings.Report_XlsRespondents)], t[nameof(Strings.Report_XlsInvited)],
            Pct(nameof(Strings.Report_ResponseRate)), Pct(nameof(Strings.Report_UseRate)), Pct(nameof(Strings.Report_UseRateHeadcount)),
            t[nameof(Strings.Report_ColChange)], t[nameof(Strings.Report_Ease)], Pct(nameof(Strings.Report_Fallback)),
        };
        var rows = new List<Dictionary<string, object?>>();
        foreach (var g in r.Groups)
        {
            var f = g.Latest;
            object?[] values = f.Suppressed
                // Hidden: no count either, as on the card; the invited count of a folded group would narrow it down.
                ? [g.Name, t.Format(nameof(Strings.Report_Hidden), r.AnonymityThreshold), null, null, null, null, null, null, null, null]
                : [g.Name, g.Status == KpiStatus.NoData ? null : ReportCards.StatusText(t, g.Status), f.Respondents, f.Invited,
                   Percent(f.ResponseRate), Percent(f.UseRate), Percent(f.UseRateOfHeadcount), Points(g.Change), Round(f.Ease), Percent(f.FallbackRate)];
            rows.Add(columns.Zip(values).ToDictionary(c => c.First, c => c.Second));
        }
        return rows;
    }

    /// <summary>One row per run, one column per group (the weekly-use rate in %, empty where the run showed no figure), and the target.</summary>
    private static List<Dictionary<string, object?>> Trend(Texts t, InitiativeReport r)
    {
        var runColumn = t[nameof(Strings.Report_CsvRun)];
        var targetColumn = t.Format(nameof(Strings.Report_XlsPercent), t[nameof(Strings.Report_XlsTarget)]);
        var names = UniqueNames(r.Groups.Select(g => g.Name), [runColumn, targetColumn]);
        var rows = new List<Dictionary<string, object?>>();
        for (var i = 0; i < r.TrendRuns.Count; i++)
        {
            var row = new Dictionary<string, object?> { [runColumn] = r.TrendRuns[i].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
            for (var g = 0; g < r.Groups.Count; g++)
            {
                row[names[g]] = i < r.Groups[g].Trend.Count ? Percent(r.Groups[g].Trend[i]) : null;
            }
            row[targetColumn] = r.Initiative.TargetPercent;
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Column headings must differ; a department named like another heading gets a number.</summary>
    private static List<string> UniqueNames(IEnumerable<string> names, IEnumerable<string> taken)
    {
        var used = new HashSet<string>(taken, StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var name in names)
        {
            var unique = name;
            for (var n = 2; !used.Add(unique); n++)
            {
                unique = $"{name} ({n})";
            }
            result.Add(unique);
        }
        return result;
    }

    private static double? Percent(double? rate) => rate is { } v ? Math.Round(v * 100, 1) : null;

    private static double? Points(double? change) => change is { } c ? Math.Round(c * 100, 1) : null;

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 2) : null;
}
