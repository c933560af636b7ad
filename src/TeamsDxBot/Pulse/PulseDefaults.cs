using TeamsDxBot.Localization;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Pulse;

/// <summary>The default pulse and review questions, in both languages, from the resources.</summary>
public static class PulseDefaults
{
    private static PulseChoice Choice(string value, string key) => new(value, Texts.Japanese[key], Texts.English[key]);

    private static PulseQuestion Question(string id, PulseQuestionKind kind, string key, bool required, IReadOnlyList<PulseChoice>? choices = null) =>
        new(id, kind, Texts.Japanese[key], Texts.English[key], choices ?? [], required, id);

    public static IReadOnlyList<PulseChoice> ScaleChoices { get; } =
    [
        Choice("1", nameof(Strings.Pulse_Scale1)),
        Choice("2", nameof(Strings.Pulse_Scale2)),
        Choice("3", nameof(Strings.Pulse_Scale3)),
        Choice("4", nameof(Strings.Pulse_Scale4)),
        Choice("5", nameof(Strings.Pulse_Scale5)),
    ];

    public static IReadOnlyList<PulseChoice> YesNoChoices { get; } =
    [
        Choice("yes", nameof(Strings.Common_Yes)),
        Choice("no", nameof(Strings.Common_No)),
    ];

    public static PulseQuestion Usage { get; } = Question(PulseRoles.Usage, PulseQuestionKind.SingleChoice, nameof(Strings.Pulse_QUsage), true,
    [
        Choice("daily", nameof(Strings.Pulse_UsageDaily)),
        Choice("several", nameof(Strings.Pulse_UsageSeveral)),
        Choice("once", nameof(Strings.Pulse_UsageOnce)),
        Choice(PulseRoles.NotUsed, nameof(Strings.Pulse_UsageNone)),
    ]);

    public static PulseQuestion Ease { get; } = Question(PulseRoles.Ease, PulseQuestionKind.Scale, nameof(Strings.Pulse_QEase), true);

    public static IReadOnlyList<PulseQuestion> Questions { get; } =
    [
        Usage,
        Ease,
        Question(PulseRoles.Fallback, PulseQuestionKind.YesNo, nameof(Strings.Pulse_QFallback), true),
        Question(PulseRoles.Blockers, PulseQuestionKind.SingleChoice, nameof(Strings.Pulse_QBlockers), false,
        [
            Choice("howto", nameof(Strings.Pulse_BlockerHowTo)),
            Choice("slower", nameof(Strings.Pulse_BlockerSlower)),
            Choice("errors", nameof(Strings.Pulse_BlockerErrors)),
            Choice("notime", nameof(Strings.Pulse_BlockerNoTime)),
            Choice("other", nameof(Strings.Pulse_BlockerOther)),
        ]),
        Question(PulseRoles.Comment, PulseQuestionKind.FreeText, nameof(Strings.Pulse_QComment), false),
    ];

    /// <summary>The longer milestone survey: the same use and ease questions plus the people's own words.</summary>
    public static IReadOnlyList<PulseQuestion> Review { get; } =
    [
        Usage,
        Ease,
        Question(PulseRoles.Works, PulseQuestionKind.FreeText, nameof(Strings.Pulse_QWorks), false),
        Question(PulseRoles.DoesNotWork, PulseQuestionKind.FreeText, nameof(Strings.Pulse_QDoesNotWork), false),
        Question(PulseRoles.Change, PulseQuestionKind.FreeText, nameof(Strings.Pulse_QChange), false),
    ];
}
