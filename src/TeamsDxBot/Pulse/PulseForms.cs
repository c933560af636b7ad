using TeamsDxBot.Resources;

namespace TeamsDxBot.Pulse;

/// <summary>What the promoter typed into the pulse settings card, before validation.</summary>
/// <param name="Frequency">weekly, biweekly, monthly or custom (then <paramref name="Cron"/> is used); null: custom (cards sent before the pickers).</param>
public sealed record PulseSettingsForm(string? Enabled, string? Cron, string? WindowDays, string? Audience, string? Anonymity, string? ReminderCount, string? ReminderDays,
    string? Frequency = null, string? Weekday = null, string? Time = null);

/// <summary>A new question from the editor card.</summary>
public sealed record PulseQuestionForm(string? Kind, string? TextJa, string? TextEn, string? Choices, string? Required);

public enum PulseEditResult
{
    Saved,
    /// <summary>Someone else changed the settings since the card was shown.</summary>
    Stale,
    Invalid,
}

public sealed record PulseEdit(PulseEditResult Result, PulseSettings Settings, IReadOnlyList<(string Key, object[] Args)> Problems)
{
    public static PulseEdit Problem(PulseSettings s, string key, params object[] args) => new(PulseEditResult.Invalid, s, [(key, args)]);
}
