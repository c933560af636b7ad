using System.Globalization;
using TeamsDxBot.Files;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Usage;

/// <summary>A person on the named CSV: the department's name as shown, and their standing in the week.</summary>
public sealed record NamedRow(string Department, string Name, string? Email, UsageStanding Standing, DateOnly? LastActive, int ActiveWeeksOfLast4);

/// <summary>
/// The measured usage as CSV (UTF-8 with a byte-order mark for Excel, headers in the reader's language):
/// the figures per group and week, and, for readers who may see names, the people to follow up.
/// </summary>
public static class UsageCsv
{
    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>One row per group and week, oldest week first, the company before the departments.</summary>
    public static byte[] Figures(Texts t, IReadOnlyList<(string Name, UsageSeries Series)> groups) => CsvFiles.Write(csv =>
    {
        foreach (var key in new[]
        {
            nameof(Strings.Usage_ReportCsvWeek), nameof(Strings.Report_CsvDepartment), nameof(Strings.Usage_ReportCsvHeadcount), nameof(Strings.Usage_ReportCsvActive),
            nameof(Strings.Usage_ReportCsvActiveRate), nameof(Strings.Usage_ReportColNew), nameof(Strings.Usage_ReportColHabitual),
            nameof(Strings.Usage_ReportColLapsed), nameof(Strings.Usage_ReportColNeverStarted),
        })
        {
            csv.WriteField(t[key]);
        }
        csv.NextRecord();
        foreach (var week in groups.SelectMany(g => g.Series.Weeks.Select(w => w.Week)).Distinct().Order())
        {
            foreach (var (name, series) in groups)
            {
                if (series.Weeks.FirstOrDefault(w => w.Week == week) is not { } w)
                {
                    continue;
                }
                csv.WriteField(Date(w.Week));
                csv.WriteField(name);
                csv.WriteField(w.Headcount);
                csv.WriteField(w.Active);
                // A plain number (not "52%") so Excel can chart it; invariant, so a spreadsheet in any locale reads it.
                csv.WriteField(w.ActiveRate is { } rate ? (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) : "");
                csv.WriteField(w.NewlyActive);
                csv.WriteField(w.Habitual);
                csv.WriteField(w.Lapsed);
                csv.WriteField(w.NeverStarted);
                csv.NextRecord();
            }
        }
    });

    /// <summary>The people who never started or lapsed, by department and name.</summary>
    public static byte[] People(Texts t, DateOnly week, IReadOnlyList<NamedRow> rows) => CsvFiles.Write(csv =>
    {
        foreach (var key in new[]
        {
            nameof(Strings.Usage_ReportCsvWeek), nameof(Strings.Report_CsvDepartment), nameof(Strings.Report_CsvName), nameof(Strings.Usage_ReportCsvEmail),
            nameof(Strings.Usage_ReportCsvStanding), nameof(Strings.Usage_ReportCsvLastActive), nameof(Strings.Usage_ReportCsvWeeksOf4),
        })
        {
            csv.WriteField(t[key]);
        }
        csv.NextRecord();
        foreach (var r in rows)
        {
            csv.WriteField(Date(week));
            csv.WriteField(r.Department);
            csv.WriteField(r.Name);
            csv.WriteField(r.Email ?? "");
            csv.WriteField(StandingText(t, r.Standing));
            csv.WriteField(r.LastActive is { } d ? Date(d) : "");
            csv.WriteField(r.ActiveWeeksOfLast4);
            csv.NextRecord();
        }
    });

    public static string StandingText(Texts t, UsageStanding standing) => t[standing switch
    {
        UsageStanding.NeverStarted => nameof(Strings.Usage_ReportColNeverStarted),
        UsageStanding.Lapsed => nameof(Strings.Usage_ReportColLapsed),
        UsageStanding.Habitual => nameof(Strings.Usage_ReportColHabitual),
        UsageStanding.NewlyActive => nameof(Strings.Usage_ReportColNew),
        _ => nameof(Strings.Usage_ReportOccasional),
    }];
}
