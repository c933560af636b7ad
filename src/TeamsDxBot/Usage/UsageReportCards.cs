using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Reports;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Usage;

/// <summary>A person on a named list: who, and the last day they used the tool (lapsed people only).</summary>
public sealed record NamedPerson(string Name, DateOnly? LastActive);

/// <summary>One department's named lists for the follow-up card.</summary>
public sealed record NamedGroup(string Department, IReadOnlyList<NamedPerson> NeverStarted, IReadOnlyList<NamedPerson> Lapsed);

/// <summary>The measured-usage cards: the report section, the department figures in chat, the named lists and the CSV link.</summary>
public static class UsageReportCards
{
    public const string NamesVerb = "usage.names";
    public const string CsvVerb = "usage.csv";
    public const string FiguresCsv = "figures";
    public const string PeopleCsv = "people";

    /// <summary>Names shown per list on a card; the CSV has everyone.</summary>
    public const int MaxNamesShown = 30;

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Points(Texts t, double change) => (change >= 0 ? "+" : "") + (change * 100).ToString("0.0", t.Culture);

    /// <summary>The section's card elements: one container, so nothing is left when there is nothing to show.</summary>
    public static IReadOnlyList<JObject> Section(Texts t, UsageReport r) =>
    [
        Container(
        [
            Heading(t.Format(nameof(Strings.Usage_ReportTitle), Formats.Day(t, r.AsOf))),
            Text(t[nameof(Strings.Usage_ReportIntro)], size: "Small", subtle: true),
            RateTable(t, r),
            .. Gaps(t, r),
            CountTable(t, r),
            Text(t.Format(nameof(Strings.Usage_ReportCountsNote), r.LapsedWeeks), size: "Small", subtle: true),
            r.Curve is null ? null : new JObject
            {
                ["type"] = "Image",
                ["url"] = r.Curve.ToString(),
                ["altText"] = t.Format(nameof(Strings.Usage_ReportCurveTitle), r.Initiative.NameFor(t.IsEnglish)),
                ["size"] = "Stretch",
            },
            r.Curve is null || r.Initiative.GoLive == default ? null
                : Text(t.Format(nameof(Strings.Usage_ReportCurveNote), Formats.Day(t, r.Initiative.GoLive)), size: "Small", subtle: true),
        ], separator: true),
    ];

    /// <summary>The buttons: the named lists where the reader may see names, the CSV for everyone who sees the section.</summary>
    public static IReadOnlyList<JObject> Actions(Texts t, UsageReport r) =>
    [
        .. r.Audience.AnyNames ? [Submit(t[nameof(Strings.Usage_ReportNamesButton)], NamesVerb, new { initiativeId = r.Initiative.Id }, validateInputs: false)] : Array.Empty<JObject>(),
        Submit(t[nameof(Strings.Usage_ReportCsvButton)], CsvVerb, new { initiativeId = r.Initiative.Id, kind = FiguresCsv }, validateInputs: false),
    ];

    /// <summary>The department figures in chat (利用状況 / my usage, for promoters, key users and executives).</summary>
    public static JObject Departments(Texts t, UsageReport r) => Create(
        [
            Title(t.Format(nameof(Strings.Usage_ReportDepartmentsTitle), r.Initiative.NameFor(t.IsEnglish))),
            Text(t.Format(nameof(Strings.Report_Target), r.Initiative.TargetPercent, Formats.Day(t, r.Initiative.TargetDate)), subtle: true),
            .. Section(t, r),
        ],
        Actions(t, r));

    /// <summary>Measured and said side by side, the status on a tinted cell as in the pulse table.</summary>
    private static JObject RateTable(Texts t, UsageReport r)
    {
        var rows = new JArray(TableRow(new[]
        {
            t[nameof(Strings.Report_ColGroup)], t[nameof(Strings.Report_ColStatus)], t[nameof(Strings.Usage_ReportColMeasured)],
            t[nameof(Strings.Usage_ReportColSaid)], t[nameof(Strings.Usage_ReportColChange)],
        }.Select(h => TableCell(Text(h, weight: "Bolder", size: "Small")))));
        foreach (var l in r.Lines)
        {
            rows.Add(TableRow(
            [
                TableCell(Text(l.Name, weight: "Bolder")),
                l.Status == KpiStatus.NoData ? TableCell(Text(ReportCards.NoFigure, subtle: true))
                    : TableCell(Text(ReportCards.StatusText(t, l.Status), weight: "Bolder"), l.Status switch { KpiStatus.OnTrack => "good", KpiStatus.AtRisk => "warning", _ => "attention" }),
                TableCell(Text(ReportCards.Percent(t, l.Latest.ActiveRate)), second: Text($"{l.Latest.Active}/{l.Latest.Headcount}", size: "Small", subtle: true)),
                l.LargeGap ? TableCell(Text(ReportCards.Percent(t, l.Said), weight: "Bolder"), "warning") : TableCell(Text(ReportCards.Percent(t, l.Said))),
                TableCell(Text(l.Change is { } c ? Points(t, c) : ReportCards.NoFigure)),
            ]));
        }
        return Table(rows, [6, 5, 5, 4, 5]);
    }

    /// <summary>Where said and measured are far apart, in words: the number alone is easy to miss.</summary>
    private static IEnumerable<JObject?> Gaps(Texts t, UsageReport r)
    {
        var large = r.Lines.Where(l => l.LargeGap).ToList();
        if (large.Count == 0)
        {
            return [];
        }
        return
        [
            .. large.Select(l => Text(t.Format(nameof(Strings.Usage_ReportGap), l.Name, ReportCards.Percent(t, l.Said), ReportCards.Percent(t, l.Latest.ActiveRate),
                Math.Abs(l.Gap!.Value * 100).ToString("0", t.Culture)), color: "Warning", weight: "Bolder")),
            Text(t.Format(nameof(Strings.Usage_ReportGapNote), r.GapPoints), size: "Small", subtle: true),
        ];
    }

    private static JObject CountTable(Texts t, UsageReport r)
    {
        var rows = new JArray(TableRow(new[]
        {
            t[nameof(Strings.Report_ColGroup)], t[nameof(Strings.Usage_ReportColNeverStarted)], t[nameof(Strings.Usage_ReportColLapsed)],
            t[nameof(Strings.Usage_ReportColHabitual)], t[nameof(Strings.Usage_ReportColNew)],
        }.Select(h => TableCell(Text(h, weight: "Bolder", size: "Small")))));
        foreach (var l in r.Lines)
        {
            rows.Add(TableRow(
            [
                TableCell(Text(l.Name, weight: "Bolder")),
                TableCell(Text(l.Latest.NeverStarted.ToString(t.Culture))),
                TableCell(Text(l.Latest.Lapsed.ToString(t.Culture))),
                TableCell(Text(l.Latest.Habitual.ToString(t.Culture))),
                TableCell(Text(l.Latest.NewlyActive.ToString(t.Culture))),
            ]));
        }
        return Table(rows, [6, 4, 4, 4, 4]);
    }

    /// <summary>The people to follow up: per department, who never started and who lapsed, with a CSV of everyone listed.</summary>
    public static JObject Names(Texts t, Initiative initiative, DateOnly week, IReadOnlyList<NamedGroup> groups) => Create(
        [
            Heading(t.Format(nameof(Strings.Usage_ReportNamesTitle), initiative.NameFor(t.IsEnglish), Formats.Day(t, week))),
            Text(t[nameof(Strings.Usage_ReportNamesIntro)], size: "Small", subtle: true),
            .. groups.Select(g => Container(
            [
                Text(g.Department, weight: "Bolder"),
                Text(t.Format(nameof(Strings.Usage_ReportNamesNeverStarted), g.NeverStarted.Count), size: "Small", subtle: true),
                NameList(t, g.NeverStarted),
                Text(t.Format(nameof(Strings.Usage_ReportNamesLapsed), g.Lapsed.Count), size: "Small", subtle: true),
                NameList(t, g.Lapsed),
            ], separator: true)),
        ],
        groups.Sum(g => g.NeverStarted.Count + g.Lapsed.Count) == 0 ? [] :
            [Submit(t[nameof(Strings.Usage_ReportNamesCsvButton)], CsvVerb, new { initiativeId = initiative.Id, kind = PeopleCsv }, validateInputs: false)]);

    private static JObject NameList(Texts t, IReadOnlyList<NamedPerson> people)
    {
        if (people.Count == 0)
        {
            return Text(t[nameof(Strings.Usage_ReportNamesNone)], subtle: true);
        }
        var shown = people.Take(MaxNamesShown)
            .Select(p => EscapeMarkdown(p.LastActive is { } d ? t.Format(nameof(Strings.Usage_ReportLastActive), p.Name, Date(d)) : p.Name));
        var text = string.Join(t.IsEnglish ? ", " : "、", shown);
        return Text(people.Count > MaxNamesShown ? text + " " + t.Format(nameof(Strings.Usage_ReportNamesMore), people.Count - MaxNamesShown) : text);
    }

    public static string Nothing(Texts t, Initiative initiative) => t.Format(nameof(Strings.Usage_ReportNothing), initiative.NameFor(t.IsEnglish));

    /// <summary>The CSV is published: its signed link.</summary>
    public static JObject CsvReady(Texts t, Uri link, int rows) => Create(
        [
            Heading(t[nameof(Strings.Report_ExportReady)]),
            Text(t.Format(nameof(Strings.Usage_ReportCsvDetail), rows)),
        ],
        [new JObject { ["type"] = "Action.OpenUrl", ["title"] = t[nameof(Strings.Report_Download)], ["url"] = link.ToString() }]);
}
