using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Reports;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Nudges;

public static class NudgeCards
{
    public const string ToggleVerb = "nudge.toggle";
    public const string SkipVerb = "nudge.skip";

    /// <summary>Named nudges listed in the log card, newest first.</summary>
    public const int MaxListed = 20;

    public static string RuleName(Texts t, string rule) => t[rule switch
    {
        NudgeRuleKeys.ExecutiveRhythm => nameof(Strings.Nudge_RuleExecutiveRhythm),
        NudgeRuleKeys.ExecutiveSilence => nameof(Strings.Nudge_RuleExecutiveSilence),
        NudgeRuleKeys.DepartmentAtRisk => nameof(Strings.Nudge_RuleDepartmentAtRisk),
        NudgeRuleKeys.NotUsing => nameof(Strings.Nudge_RuleNotUsing),
        NudgeRuleKeys.OverdueQuestions => nameof(Strings.Nudge_RuleOverdueQuestions),
        NudgeRuleKeys.MeasuredUsage => nameof(Strings.Nudge_RuleMeasuredUsage),
        _ => nameof(Strings.Nudge_RuleUnansweredEscalations),
    }];

    /// <summary>The encouragement draft: it quotes the current figures so the message is concrete.</summary>
    public static (string Title, string Body) EncouragementText(Texts t, IReadOnlyList<(Initiative Initiative, GroupFigures Latest)> lines)
    {
        var first = lines[0];
        var figures = string.Join(t.IsEnglish ? ", " : "、", lines.Select(l => t.Format(nameof(Strings.Nudge_DraftFigure), l.Initiative.NameFor(t.IsEnglish), ReportCards.Percent(t, l.Latest.UseRate), l.Initiative.TargetPercent)));
        return (t.Format(nameof(Strings.Nudge_DraftTitle), first.Initiative.NameFor(t.IsEnglish)), t.Format(nameof(Strings.Nudge_DraftBody), figures));
    }

    public static JObject ExecutiveRhythm(Texts t, IReadOnlyList<(Initiative Initiative, GroupFigures Latest, KpiStatus Status)> lines, string draft, string draftId, string composeVerb, string sendVerb) => Create(
        [
            Title(t[nameof(Strings.Nudge_ExecutiveTitle)]),
            Text(t[nameof(Strings.Nudge_ExecutiveIntro)]),
            Facts(lines.Select(l => (l.Initiative.NameFor(t.IsEnglish), t.Format(nameof(Strings.Nudge_ExecutiveLine), ReportCards.Percent(t, l.Latest.UseRate), l.Initiative.TargetPercent,
                ReportCards.StatusText(t, l.Status), ReportCards.Percent(t, l.Latest.ResponseRate))))),
            Heading(t[nameof(Strings.Nudge_DraftHeading)]),
            Container([UserText(draft)], style: "emphasis"),
        ],
        [
            Submit(t[nameof(Strings.Nudge_EditAndSend)], composeVerb, new { broadcastId = draftId }, validateInputs: false),
            Submit(t[nameof(Strings.Nudge_SendAsIs)], sendVerb, new { broadcastId = draftId }, style: "positive", validateInputs: false),
            Submit(t[nameof(Strings.Nudge_Skip)], SkipVerb, new { broadcastId = draftId }, validateInputs: false),
        ]);

    public static JObject ExecutiveSilence(Texts t, int days, bool never) => Create(
    [
        Heading(t[nameof(Strings.Nudge_SilenceTitle)]),
        Text(t.Format(never ? nameof(Strings.Nudge_SilenceNever) : nameof(Strings.Nudge_Silence), days)),
        Text(t[nameof(Strings.Nudge_SilenceHint)], subtle: true),
    ]);

    public static (string Title, string Body) TipsText(Texts t, string tool, string? blocker) =>
        (t.Format(nameof(Strings.Nudge_TipsTitle), tool),
         blocker is null ? t.Format(nameof(Strings.Nudge_TipsBody), tool) : t.Format(nameof(Strings.Nudge_TipsBodyBlocker), tool, blocker));

    public static JObject DepartmentAtRisk(Texts t, Initiative initiative, string department, GroupFigures figures, KpiStatus status,
        IReadOnlyList<(string Label, int Count)> blockers, string? tipsDraftId, string? composeVerb, bool canCreateItems) => Create(
        [
            Heading(t.Format(nameof(Strings.Nudge_AtRiskTitle), department, initiative.NameFor(t.IsEnglish))),
            Text(t.Format(nameof(Strings.Nudge_AtRiskBody), ReportCards.StatusText(t, status), ReportCards.Percent(t, figures.UseRate), initiative.TargetPercent, ReportCards.Percent(t, figures.ResponseRate))),
            blockers.Count == 0 ? null : Text(t[nameof(Strings.Report_TopBlockers)], weight: "Bolder"),
            blockers.Count == 0 ? null : Facts(blockers.Select(b => (b.Label, t.Format(nameof(Strings.Report_Count), b.Count)))),
            Text(t[nameof(Strings.Nudge_Suggestions)], weight: "Bolder"),
            Text("• " + t[nameof(Strings.Nudge_SuggestTips)]),
            Text("• " + t[nameof(Strings.Nudge_SuggestSession)]),
            Text("• " + t[nameof(Strings.Nudge_SuggestItem)]),
        ],
        [
            tipsDraftId is null || composeVerb is null ? null : Submit(t[nameof(Strings.Nudge_SendTips)], composeVerb, new { broadcastId = tipsDraftId }, validateInputs: false),
            canCreateItems ? Submit(t[nameof(Strings.Report_NewImprovement)], ReportCards.ImprovementFormVerb, new { initiativeId = initiative.Id }, validateInputs: false) : null,
        ]);

    public static JObject NotUsing(Texts t, Initiative initiative, IReadOnlyList<string> keyUsers) => Create(
        [
            Heading(t.Format(nameof(Strings.Nudge_NotUsingTitle), initiative.NameFor(t.IsEnglish))),
            Text(keyUsers.Count > 0
                ? t.Format(nameof(Strings.Nudge_NotUsingBody), initiative.NameFor(t.IsEnglish), string.Join(", ", keyUsers))
                : t.Format(nameof(Strings.Nudge_NotUsingBodyNoKeyUser), initiative.NameFor(t.IsEnglish))),
            TextInput("text", t[nameof(Strings.Nudge_AskLabel)], maxLength: Question.MaxLength, multiline: true, required: true,
                errorMessage: t[nameof(Strings.Nudge_AskRequired)], placeholder: t[nameof(Strings.Nudge_AskPlaceholder)]),
        ],
        [Submit(t[nameof(Strings.Nudge_Ask)], QuestionCards.SendVerb, new { initiativeId = initiative.Id, urgent = "false" }, style: "positive")]);

    private static JToken QuestionsButton(Texts t) => Submit(t[nameof(Strings.Nudge_OpenQuestions)], CardData.CommandVerb, new { command = "questions" }, validateInputs: false);

    public static JObject OverdueQuestions(Texts t, int count) => Create(
        [Heading(t[nameof(Strings.Nudge_OverdueTitle)]), Text(t.Format(nameof(Strings.Nudge_OverdueBody), count))], [QuestionsButton(t)]);

    public static JObject UnansweredEscalations(Texts t, int count) => Create(
        [Heading(t[nameof(Strings.Nudge_EscalationsTitle)]), Text(t.Format(nameof(Strings.Nudge_EscalationsBody), count))], [QuestionsButton(t)]);

    public static JObject Skipped(Texts t) => Create([Text(t[nameof(Strings.Nudge_Skipped)], subtle: true)]);

    /// <summary>The promoter's view: recent nudges and a switch per rule.</summary>
    public static JObject Log(Texts t, IReadOnlyList<NudgeLogEntry> recent, IReadOnlyList<string> rules, IReadOnlySet<string> off, Func<DateTimeOffset, string> when)
    {
        var body = new List<JToken?> { Title(t[nameof(Strings.Nudge_LogTitle)]), Heading(t[nameof(Strings.Nudge_Rules)]) };
        foreach (var rule in rules)
        {
            var on = !off.Contains(rule);
            body.Add(new JObject
            {
                ["type"] = "ColumnSet",
                ["columns"] = new JArray(
                    new JObject { ["type"] = "Column", ["width"] = "stretch", ["items"] = new JArray(Text(RuleName(t, rule)), Text(t[on ? nameof(Strings.Nudge_On) : nameof(Strings.Nudge_Off)], subtle: true, color: on ? "Good" : null)) },
                    new JObject { ["type"] = "Column", ["width"] = "auto", ["items"] = new JArray(ActionSet(
                        [Submit(t[on ? nameof(Strings.Nudge_TurnOff) : nameof(Strings.Nudge_TurnOn)], ToggleVerb, new { rule, enabled = on ? "false" : "true" }, validateInputs: false)])) }),
            });
        }
        body.Add(Heading(t[nameof(Strings.Nudge_Recent)]));
        // Nudges prompted by pulse answers or measured usage are counted per rule, never listed: no name, no time of each.
        var named = recent.Where(e => !NudgeRuleKeys.FedByAnswers.Contains(e.Rule)).OrderByDescending(e => e.SentAt).Take(MaxListed).ToList();
        var counted = recent.Where(e => NudgeRuleKeys.FedByAnswers.Contains(e.Rule)).GroupBy(e => e.Rule).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        body.Add(recent.Count == 0
            ? Text(t[nameof(Strings.Nudge_NoneYet)], subtle: true)
            : Facts(named.Select(e => (when(e.SentAt), $"{RuleName(t, e.Rule)} → {e.Name}"))
                .Concat(counted.Select(g => (RuleName(t, g.Key),
                    t.Format(g.Key == NudgeRuleKeys.MeasuredUsage ? nameof(Strings.Nudge_LogCountOnlyMeasured) : nameof(Strings.Nudge_LogCountOnly), g.Count()))))));
        return Create(body);
    }
}
