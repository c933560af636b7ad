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

    public static string Percent(Texts t, double? value) => value is { } v ? (v * 100).ToString("0", t.Culture) + "%" : "-";

    private static string Points(Texts t, double? change) => change is { } c
        ? t.Format(nameof(Strings.Report_ChangeValue), (c >= 0 ? "+" : "") + (c * 100).ToString("0.0", t.Culture))
        : "-";

    public static string StatusText(Texts t, KpiStatus status) => t[status switch
    {
        KpiStatus.OnTrack => nameof(Strings.Report_StatusOnTrack),
        KpiStatus.AtRisk => nameof(Strings.Report_StatusAtRisk),
        KpiStatus.Below => nameof(Strings.Report_StatusBelow),
        _ => nameof(Strings.Report_StatusNoData),
    }];

    private static string StatusColor(KpiStatus status) => status switch
    {
        KpiStatus.OnTrack => "Good",
        KpiStatus.AtRisk => "Warning",
        KpiStatus.Below => "Attention",
        _ => "Default",
    };

    private static string TitleKey(ReportKind kind) => kind switch
    {
        ReportKind.Weekly => nameof(Strings.Report_TitleWeekly),
        ReportKind.Monthly => nameof(Strings.Report_TitleMonthly),
        ReportKind.Review => nameof(Strings.Report_TitleReview),
        _ => nameof(Strings.Report_TitleLatest),
    };

    public static JObject Report(Texts t, InitiativeReport r) => Create(
        [
            .. Header(t, r),
            .. r.Groups.Select(g => Group(t, g, r.AnonymityThreshold)),
            .. Measured(t, r.Measured),
            .. TopBlockers(t, r),
            .. AtRisk(t, r),
            .. Comments(t, r),
            .. QuestionsSection(t, r),
            .. OpenImprovements(t, r),
        ],
        Actions(t, r));

    private static IEnumerable<JToken?> Header(Texts t, InitiativeReport r)
    {
        var run = r.Run!;
        var i = r.Initiative;
        var company = r.Groups[0].Latest;
        return
        [
            Title(t.Format(TitleKey(r.Kind), i.Name, run.Milestone ?? 0)),
            Text(t.Format(nameof(Strings.Report_RunLine), Formats.Day(t, run.Date), company.Respondents, company.Invited, Percent(t, company.ResponseRate))
                + (r.InProgress ? t[nameof(Strings.Report_InProgress)] : ""), subtle: true),
            Text(t.Format(nameof(Strings.Report_Target), i.TargetPercent, Formats.Day(t, i.TargetDate)), subtle: true),
            r.Chart is null ? null : new JObject { ["type"] = "Image", ["url"] = r.Chart.ToString(), ["altText"] = t.Format(nameof(Strings.Report_ChartTitle), i.Name), ["size"] = "Stretch" },
        ];
    }

    private static JObject Group(Texts t, GroupReport g, int anonymityThreshold) => Container(
        [
            new JObject
            {
                ["type"] = "ColumnSet",
                ["columns"] = new JArray(
                    new JObject { ["type"] = "Column", ["width"] = "stretch", ["items"] = new JArray(Heading(g.Name)) },
                    new JObject { ["type"] = "Column", ["width"] = "auto", ["items"] = new JArray(Text(StatusText(t, g.Status), weight: "Bolder", color: StatusColor(g.Status))) }),
            },
            g.Latest.Suppressed
                ? Text(t.Format(nameof(Strings.Report_Suppressed), anonymityThreshold), subtle: true)
                : Facts(
                [
                    (t[nameof(Strings.Report_ResponseRate)], t.Format(nameof(Strings.Common_WithDetail), Percent(t, g.Latest.ResponseRate), $"{g.Latest.Respondents}/{g.Latest.Invited}")),
                    (t[nameof(Strings.Report_UseRate)], Percent(t, g.Latest.UseRate)),
                    (t[nameof(Strings.Report_UseRateHeadcount)], Percent(t, g.Latest.UseRateOfHeadcount)),
                    (t[nameof(Strings.Report_Change)], Points(t, g.Change)),
                    (t[nameof(Strings.Report_Ease)], g.Latest.Ease is { } e ? e.ToString("0.0", t.Culture) + " / 5" : "-"),
                    (t[nameof(Strings.Report_Fallback)], Percent(t, g.Latest.FallbackRate)),
                ]),
        ], separator: true);

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
                        : "-"),
                    (t[nameof(Strings.Report_Completion)], m.InputCompletionRate is { } c ? c.ToString("0.#", t.Culture) + "%" : "-"),
                    (t[nameof(Strings.Report_Errors)], m.ErrorCount?.ToString(t.Culture) ?? "-"),
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
            .. r.Comments.Select(c => Container(
            [
                Text(c.Comment.Name is null ? c.Question : $"{c.Question} — {c.Comment.Name}", subtle: true),
                UserText(c.Comment.Text),
            ], style: "emphasis")),
        ];

    private static IEnumerable<JToken?> QuestionsSection(Texts t, InitiativeReport r) => r.Questions is not { } q ? [] :
        [
            Container(
            [
                .. QuestionCards.MeasuresBody(t, q.Departments, q.KeyUsers, key => q.DepartmentNames.GetValueOrDefault(key) ?? t[nameof(Strings.Report_NoDepartment)],
                    key => q.PersonNames.GetValueOrDefault(key, "-"), r.AnonymityThreshold),
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
    private static IEnumerable<JToken?> Actions(Texts t, InitiativeReport r) => !r.CanExport ? [] :
        [
            Submit(t[nameof(Strings.Report_Export)], ExportVerb, new { runId = r.Run!.Id }, validateInputs: false),
            Submit(t[nameof(Strings.Report_NewImprovement)], ImprovementFormVerb, new { initiativeId = r.Initiative.Id }, validateInputs: false),
        ];

    public static JObject NoData(Texts t, string initiative) => Create([Heading(initiative), Text(t[nameof(Strings.Report_NoData)])]);

    public static JObject Export(Texts t, Uri link, int rows, bool anonymous) => Create(
        [
            Heading(t[nameof(Strings.Report_ExportReady)]),
            Text(t.Format(nameof(Strings.Report_ExportDetail), rows) + (anonymous ? t[nameof(Strings.Report_ExportAnonymous)] : "")),
        ],
        [new JObject { ["type"] = "Action.OpenUrl", ["title"] = t[nameof(Strings.Report_Download)], ["url"] = link.ToString() }]);
}
