namespace TeamsDxBot.Pulse;

/// <summary>A survey question; its text may contain {tool}, replaced by the initiative's name.</summary>
public sealed record PulseQuestion(string Id, PulseQuestionKind Kind, string Ja, string En, IReadOnlyList<PulseChoice> Choices, bool Required, string? Role = null)
{
    public const int MaxTextLength = 200;
    public const int MaxAnswerLength = 1000;
    public const int MaxChoices = 8;

    public string Text(bool english, string tool) => (english && En.Length > 0 ? En : Ja).Replace("{tool}", tool, StringComparison.Ordinal);

    /// <summary>The values an answer may take; free text has none.</summary>
    public IReadOnlyList<PulseChoice> Options => Kind switch
    {
        PulseQuestionKind.Scale => PulseDefaults.ScaleChoices,
        PulseQuestionKind.YesNo => PulseDefaults.YesNoChoices,
        _ => Choices,
    };

    public bool IsCounted => Kind != PulseQuestionKind.FreeText;
}
