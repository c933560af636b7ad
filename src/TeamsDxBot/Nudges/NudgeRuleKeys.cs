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

    public static IReadOnlyList<string> All { get; } = [ExecutiveRhythm, ExecutiveSilence, DepartmentAtRisk, NotUsing, OverdueQuestions, UnansweredEscalations];

    /// <summary>
    /// Rules that pick people by what they answered in a pulse. Who they nudged would tell a reader who
    /// answered what, so the promoters' log gives only how many, and stores no name.
    /// </summary>
    public static IReadOnlySet<string> FedByAnswers { get; } = new HashSet<string>(StringComparer.Ordinal) { NotUsing };
}
