namespace TeamsDxBot.Pulse;

/// <summary>The schedule and questions of one initiative's pulse survey.</summary>
public sealed record PulseSettings
{
    public const string DefaultCron = "0 10 * * 1";
    public const int DefaultWindowDays = 3;
    public const int MaxQuestions = 12;

    public required string TenantId { get; init; }
    public required string InitiativeId { get; init; }
    public bool Enabled { get; init; } = true;
    /// <summary>Cron (5 fields) evaluated in each person's own time zone; weekend occurrences are skipped.</summary>
    public string Cron { get; init; } = DefaultCron;
    /// <summary>How it was picked; 隔週 also needs <see cref="AnchorWeek"/>, which cron cannot say.</summary>
    public PulseFrequency Frequency { get; init; }
    /// <summary>A week 隔週 sends in (any day of it); the weeks two, four, … later send too.</summary>
    public DateOnly AnchorWeek { get; init; }
    /// <summary>True: everyone; false: the initiative's departments (everyone when it names none).</summary>
    public bool AudienceAll { get; init; }
    /// <summary>Answer window in business days, counted in each person's time zone.</summary>
    public int WindowDays { get; init; } = DefaultWindowDays;
    public bool Anonymous { get; init; } = true;
    public int ReminderCount { get; init; } = 1;
    public TimeSpan ReminderDelay { get; init; } = TimeSpan.FromDays(2);
    public IReadOnlyList<PulseQuestion> Questions { get; init; } = PulseDefaults.Questions;
    /// <summary>Occurrences before this moment are never sent (no back-filling when a pulse is switched on).</summary>
    public DateTimeOffset StartedAt { get; init; }
    public Azure.ETag ETag { get; init; }
}
