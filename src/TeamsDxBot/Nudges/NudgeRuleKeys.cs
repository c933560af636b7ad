namespace TeamsDxBot.Nudges;

/// <summary>The rules, by the key stored in the log and the switches.</summary>
public static class NudgeRuleKeys
{
    public const string ExecutiveRhythm = "executive-rhythm";
    public const string ExecutiveSilence = "executive-silence";
    public const string DepartmentAtRisk = "department-at-risk";
    public const string NotUsing = "not-using";
    public const string OverdueQuestions = "overdue-questions";
    public const string UnansweredEscalations = "unanswered-escalations";

    /// <summary>From the measured usage (Usage/MeasuredNudgeRule): never started after go-live, or lapsed.</summary>
    public const string MeasuredUsage = "measured-usage";

    public static IReadOnlyList<string> All { get; } = [ExecutiveRhythm, ExecutiveSilence, DepartmentAtRisk, NotUsing, OverdueQuestions, UnansweredEscalations, MeasuredUsage];

    /// <summary>
    /// Rules that pick people by what they answered in a pulse, or by their measured usage. Who they nudged
    /// would tell a reader who answered what (or who does not use the tool, which <c>Usage:NamesVisibleTo</c>
    /// may keep from them), so the promoters' log gives only how many, and stores no name.
    /// </summary>
    public static IReadOnlySet<string> FedByAnswers { get; } = new HashSet<string>(StringComparer.Ordinal) { NotUsing, MeasuredUsage };
}
