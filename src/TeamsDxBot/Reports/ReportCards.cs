using Newtonsoft.Json.Linq;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Resources;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Reports;

public static class ReportCards
{
    public const string ExportVerb = "report.export";
    public const string ImprovementFormVerb = "improvement.form";
    public const string WorkbookVerb = "report.xlsx";

    /// <summary>A figure that is not there: not a lone "-", which Teams shows as a bullet point.</summary>
    public const string NoFigure = "—";

    public static string Percent(Texts t, double? value) => value is { } v ? (v * 100).ToString("0", t.Culture) + "%" : NoFigure;

    public static string StatusText(Texts t, KpiStatus status) => t[status switch
    {
        KpiStatus.OnTrack => nameof(Strings.Report_StatusOnTrack),
        KpiStatus.AtRisk => nameof(Strings.Report_StatusAtRisk),
        KpiStatus.Below => nameof(Strings.Report_StatusBelow),
        _ => nameof(Strings.Report_StatusNoData),
    }];

    internal static string TitleKey(ReportKind kind) => kind switch
    {
        ReportKind.Weekly => nameof(Strings.Report_TitleWeekly),
        ReportKind.Monthly => nameof(Strings.Report_TitleMonthly),
        ReportKind.Review => nameof(Strings.Report_TitleReview),
        _ => nameof(Strings.Report_TitleLatest),
    };

    public static JObject Report(Texts t, InitiativeReport r) => Create(
        WithoutEmptyHeadings(
        [
            .. Header(t, r),
            .. GroupTable(t, r),
            .. Measured(t, r.Measured),
            .. TopBlockers(t, r),
            .. AtRisk(t, r),
            .. Comments(t, r),
            .. QuestionsSection(t, r),
            .. OpenImprovements(t, r),
            .. r.Sections.SelectMany(s => s.Elements),
        ]),
        [.. Actions(t, r), .. r.Sections.SelectMany(s => s.Actions)]);

    /// <summary>The open pulse's progress: counts for everyone invited, nothing per department.</summary>
    private static JObject? Progress(Texts t, RunProgress? progress) => progress is not { } p ? null
        : Text(t.Format(nameof(Strings.Report_Progress), p.Answered, p.Invited), weight: "Bolder");

    private static IEnumerable<JToken?> Header(Texts t, InitiativeReport r)
    {
        var run = r.Run!;
        var i = r.Initiative;
        var company = r.Groups[0].Latest;
        return
        [
            Title(t.Format(TitleKey(r.Kind), i.NameFor(t.IsEnglish), run.Milestone ?? 0)),
            Text(t.Format(nameof(Strings.Report_RunLine), Formats.Day(t, run.Date), company.Respondents, company.Invited, Percent(t, company.ResponseRate))
                + (r.InProgress ? t[nameof(Strings.Report_InProgress)] : ""), subtle: true),
            r.PassedOver is { } passed ? Text(t.Format(nameof(Strings.Report_PassedOver), Formats.Day(t, passed), r.AnonymityThreshold), subtle: true) : null,
            Progress(t, r.Progress),
            Text(t.Format(nameof(Strings.Report_Target), i.TargetPercent, Formats.Day(t, i.TargetDate)), subtle: true),
            r.Chart is null ? null : new JObject { ["type"] = "Image", ["url"] = r.Chart.ToString(), ["altText"] = t.Format(nameof(Strings.Report_ChartTitle), i.NameFor(t.IsEnglish)), ["size"] = "Stretch" },
        ];
    }

    /// <summary>
    /// One table comparing the groups (company first): a row per group, its status on a tinted cell with
    /// bold text in the theme's own colour, so it reads on light and dark themes alike. A group under k
    /// shows no figure and no status, only that it is hidden.
    /// </summary>
    private static IEnumerable<JToken?> GroupTable(Texts t, InitiativeReport r)
    {
        var k = r.AnonymityThreshold;
        string[] headings =
        [
            t[nameof(Strings.Report_ColGroup)], t[nameof(Strings.Report_ColStatus)], t[nameof(Strings.Report_ResponseRate)], t[nameof(Strings.Report_ColUse)],
            t[nameof(Strings.Report_ColChange)], t[nameof(Strings.Report_Ease)], t[nameof(Strings.Report_ColFallback)],
        ];
        var rows = new JArray(TableRow(headings.Select(h => TableCell(Text(h, weight: "Bolder", size: "Small")))));
        foreach (var g in r.Groups)
        {
            rows.Add(TableRow(GroupCells(t, g, k)));
        }
        return
        [
            // Seven columns fit a card about 400 px wide (Teams on a narrow window): short values, no wrapping.
            Table(rows, [6, 5, 5, 4, 5, 4, 4], separator: true),
            Text(t[nameof(Strings.Report_TableNote)] + (r.Groups.Any(g => g.Latest.Suppressed) ? " " + t.Format(nameof(Strings.Report_Suppressed), k) : ""),
                size: "Small", subtle: true),
        ];
    }

    private static IEnumerable<JObject> GroupCells(Texts t, GroupReport g, int k)
    {
        yield return TableCell(Text(g.Name, weight: "Bolder"));
        if (g.Latest.Suppressed)
        {
            yield return TableCell(Text(t.Format(nameof(Strings.Report_Hidden), k), size: "Small", subtle: true));
            foreach (var _ in Enumerable.Range(0, 5))
            {
                yield return TableCell(Text(NoFigure, subtle: true));
            }
            yield break;
        }
        yield return g.Status == KpiStatus.NoData ? TableCell(Text(NoFigure, subtle: true)) : TableCell(Text(StatusText(t, g.Status), weight: "Bolder"), StatusStyle(g.Status));
        yield return TableCell(Text(Percent(t, g.Latest.ResponseRate)), second: Text($"{g.Latest.Respondents}/{g.Latest.Invited}", size: "Small", subtle: true));
        yield return TableCell(Text(Percent(t, g.Latest.UseRate)));
        yield return TableCell(Text(g.Change is { } c ? (c >= 0 ? "+" : "") + (c * 100).ToString("0.0", t.Culture) : NoFigure));
        yield return TableCell(Text(g.Latest.Ease is { } e ? e.ToString("0.0", t.Culture) : NoFigure));
        yield return TableCell(Text(Percent(t, g.Latest.FallbackRate)));
    }

    /// <summary>Card container styles, which each Teams theme tints to stay readable.</summary>
    private static string StatusStyle(KpiStatus status) => status switch
    {
        KpiStatus.OnTrack => "good",
        KpiStatus.AtRisk => "warning",
        _ => "attention",
    };

    /// <summary>A heading with nothing under it before the next heading or the end says nothing: left out.</summary>
    private static IEnumerable<JToken?> WithoutEmptyHeadings(IReadOnlyList<JToken?> items)
    {
        var present = items.Where(i => i is not null && !IsEmptyContainer(i)).ToList();
        for (var i = 0; i < present.Count; i++)
        {
            if (IsHeading(present[i]) && (i + 1 == present.Count || IsHeading(present[i + 1])))
            {
                continue;
            }
            yield return present[i];
        }
    }

    private static bool IsHeading(JToken? item) => item is JObject o && (string?)o["type"] == "TextBlock" && (string?)o["size"] == "Medium" && (string?)o["weight"] == "Bolder";

    private static bool IsEmptyContainer(JToken? item) => item is JObject o && (string?)o["type"] == "Container" && o["items"] is JArray { Count: 0 };

    private static IEnumerable<JToken?> Measured(Texts t, MeasuredFigures? measured)
    {
        if (measured is not { } m)
        {
            return [];
        }
        return
        [
            Container(
            [
                Heading(t.Format(nameof(Strings.Report_Measured), Formats.Day(t, m.Week))),
                Facts(
                [
                    (t[nameof(Strings.Report_ActiveUsers)], m.ActiveUsers is { } a
                        ? m.Headcount is > 0 ? t.Format(nameof(Strings.Common_WithDetail), a, Percent(t, (double)a / m.Headcount.Value)) : a.ToString(t.Culture)
                        : NoFigure),
                    (t[nameof(Strings.Report_Completion)], m.InputCompletionRate is { } c ? c.ToString("0.#", t.Culture) + "%" : NoFigure),
                    (t[nameof(Strings.Report_Errors)], m.ErrorCount?.ToString(t.Culture) ?? NoFigure),
                ]),
            ], separator: true),
        ];
    }

    private static IEnumerable<JToken?> TopBlockers(Texts t, InitiativeReport r) => r.TopBlockers.Count == 0 ? [] :
        [
            Heading(t[nameof(Strings.Report_TopBlockers)]),
            Facts(r.TopBlockers.Select(b => (b.Label, t.Format(nameof(Strings.Report_Count), b.Count)))),
        ];

    private static IEnumerable<JToken?> AtRisk(Texts t, InitiativeReport r) => r.AtRisk.Count == 0 || r.Kind is not (ReportKind.Monthly or ReportKind.Review) ? [] :
        [
            Heading(t[nameof(Strings.Report_AtRiskTitle)]),
            Facts(r.AtRisk.Select(g => (g.Name, $"{StatusText(t, g.Status)} · {Percent(t, g.Latest.UseRate)}"))),
        ];

    private static IEnumerable<JToken?> Comments(Texts t, InitiativeReport r) => r.Comments.Count == 0 ? [] :
        [
            Heading(t[nameof(Strings.Report_Comments)]),
            .. CommentItems(r.Comments),
        ];

    /// <summary>Comments under their question, the question named once (and not at all when there is only one).</summary>
    private static IEnumerable<JToken?> CommentItems(IReadOnlyList<(string Question, TallyComment Comment)> comments)
    {
        var byQuestion = comments.GroupBy(c => c.Question, StringComparer.Ordinal).ToList();
        foreach (var question in byQuestion)
        {
            if (byQuestion.Count > 1)
            {
                yield return Text(question.Key, weight: "Bolder", size: "Small");
            }
            foreach (var (_, comment) in question)
            {
                yield return Container(
                [
                    comment.Name is null ? null : Text(comment.Name, size: "Small", subtle: true),
                    UserText(comment.Text),
                ], style: "emphasis");
            }
        }
    }

    private static IEnumerable<JToken?> QuestionsSection(Texts t, InitiativeReport r) => r.Questions is not { } q ? [] :
        [
            Container(
            [
                .. QuestionCards.MeasuresBody(t, q.Departments, q.KeyUsers, key => q.DepartmentNames.GetValueOrDefault(key) ?? t[nameof(Strings.Report_NoDepartment)],
                    key => q.PersonNames.GetValueOrDefault(key) ?? t[nameof(Strings.Common_NotSet)], r.AnonymityThreshold),
                Text(t.Format(nameof(Strings.Report_LongOverdue), q.LongOverdue, q.LongOverdueDays), weight: "Bolder", color: q.LongOverdue > 0 ? "Attention" : null),
            ], separator: true),
        ];

    private static IEnumerable<JToken?> OpenImprovements(Texts t, InitiativeReport r) => r.Kind != ReportKind.Review ? [] :
        [
            Heading(t[nameof(Strings.Report_OpenImprovements)]),
            r.OpenImprovements.Count == 0 ? Text(t[nameof(Strings.Report_NoImprovements)], subtle: true)
                : Container(r.OpenImprovements.Select(s => (JToken?)Text("• " + EscapeMarkdown(s)))),
        ];

    /// <summary>Only the promoter may export the answers or start an improvement from the report.</summary>
    private static IEnumerable<JToken?> Actions(Texts t, InitiativeReport r) =>
        [
            r.CanDownloadWorkbook ? Submit(t[nameof(Strings.Report_Workbook)], WorkbookVerb, new { initiativeId = r.Initiative.Id, runId = r.Run!.Id, kind = r.Kind.ToString() }, validateInputs: false) : null,
            r.CanExport ? Submit(t[nameof(Strings.Report_Export)], ExportVerb, new { runId = r.Run!.Id }, validateInputs: false) : null,
            r.CanExport ? Submit(t[nameof(Strings.Report_NewImprovement)], ImprovementFormVerb, new { initiativeId = r.Initiative.Id }, validateInputs: false) : null,
        ];

    /// <summary>
    /// No run to show yet: says so plainly, with no status (a status needs figures). With
    /// <paramref name="threshold"/>: why (no closed pulse with k answers yet); with a pulse open, its progress.
    /// </summary>
    public static JObject NoData(Texts t, string initiative, int? threshold = null, RunProgress? progress = null, IReadOnlyList<ReportSectionContent>? sections = null) => Create(
        [
            Heading(initiative),
            Text(threshold is { } k ? t.Format(nameof(Strings.Report_NoFigures), k) : t[nameof(Strings.Report_NoData)]),
            Progress(t, progress),
            .. (sections ?? []).SelectMany(s => s.Elements),
        ],
        [.. (sections ?? []).SelectMany(s => s.Actions)]);

    /// <summary>The report's workbook is ready: its signed link.</summary>
    internal static JObject Workbook(Texts t, Uri link) => Create(
        [
            Heading(t[nameof(Strings.Report_WorkbookReady)]),
            Text(t[nameof(Strings.Report_WorkbookDetail)]),
        ],
        [new JObject { ["type"] = "Action.OpenUrl", ["title"] = t[nameof(Strings.Report_Download)], ["url"] = link.ToString() }]);

    public static JObject Export(Texts t, Uri link, int rows, bool anonymous) => Create(
        [
            Heading(t[nameof(Strings.Report_ExportReady)]),
            Text(t.Format(nameof(Strings.Report_ExportDetail), rows) + (anonymous ? t[nameof(Strings.Report_ExportAnonymous)] : "")),
        ],
        [new JObject { ["type"] = "Action.OpenUrl", ["title"] = t[nameof(Strings.Report_Download)], ["url"] = link.ToString() }]);
}
