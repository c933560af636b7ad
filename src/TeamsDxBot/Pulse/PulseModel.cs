using TeamsDxBot.Turns;
namespace TeamsDxBot.Pulse;

public enum PulseQuestionKind
{
    SingleChoice,
    Scale,
    YesNo,
    FreeText,
}

/// <summary>
/// What a question means to the KPIs. Custom questions have no role; the defaults carry one so the
/// use rate, ease and fallback figures keep working after the promoter reorders or rewords them.
/// </summary>
public static class PulseRoles
{
    public const string Usage = "usage";
    public const string Ease = "ease";
    public const string Fallback = "fallback";
    public const string Blockers = "blockers";
    public const string Comment = "comment";
    public const string Works = "works";
    public const string DoesNotWork = "doesnotwork";
    public const string Change = "change";

    /// <summary>The usage answer that means "did not use it this week".</summary>
    public const string NotUsed = "none";
}

public sealed record PulseChoice(string Value, string Ja, string En)
{
    public string Text(bool english) => english && En.Length > 0 ? En : Ja;
}

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

public enum PulseRunKind
{
    Pulse,
    Review,
}

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

/// <summary>One sending of a survey (a week's pulse, a "run now", or a milestone review).</summary>
public sealed record PulseRun
{
    public required string TenantId { get; init; }
    public required string Id { get; init; }
    public required string InitiativeId { get; init; }
    public required string ToolName { get; init; }
    public PulseRunKind Kind { get; init; }
    /// <summary>Months after go-live, for reviews.</summary>
    public int? Milestone { get; init; }
    /// <summary>The wall-clock time it goes out in each person's zone ("2026-11-30T10:00").</summary>
    public DateTime LocalTime { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ClosesAt { get; init; }
    public bool Anonymous { get; init; }
    public IReadOnlyList<PulseQuestion> Questions { get; init; } = [];
    /// <summary>People invited per department ("" = no department), fixed when the run is created.</summary>
    public IReadOnlyDictionary<string, int> Invited { get; init; } = new Dictionary<string, int>();
    public bool InvitationsWritten { get; init; }
    /// <summary>Response partitions (rollup shards); fixed per run so a configuration change cannot split one.</summary>
    public int Shards { get; init; } = 4;
    public int ReminderCount { get; init; }
    public TimeSpan ReminderDelay { get; init; }
    /// <summary>Final figures, folded from the rollups once the run has closed.</summary>
    public RunTally? Summary { get; init; }
    public DateTimeOffset? ReportedAt { get; init; }
    public Azure.ETag ETag { get; init; }

    public bool IsOpen(DateTimeOffset now) => now < ClosesAt;

    public DateOnly Date => DateOnly.FromDateTime(LocalTime);
}

/// <summary>A person's place in a run: when their survey goes out and closes, and whether they answered.</summary>
public sealed record PulseInvitation
{
    public required string TenantId { get; init; }
    public required string RunId { get; init; }
    public required string AadObjectId { get; init; }
    public string DepartmentId { get; init; } = "";
    public DateTimeOffset SendAt { get; init; }
    public DateTimeOffset ClosesAt { get; init; }
    public bool Sent { get; init; }
    public int RemindersSent { get; init; }
    public Azure.ETag ETag { get; init; }
}

/// <summary>One person's answers to one run (replaced when they change them).</summary>
public sealed record PulseResponse
{
    public required string RespondentKey { get; init; }
    public string DepartmentId { get; init; } = "";
    /// <summary>Only for named surveys; anonymous responses never store who answered.</summary>
    public string? AadObjectId { get; init; }
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string> Answers { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset AnsweredAt { get; init; }
    public int Version { get; init; }
}
