namespace TeamsDxBot.Pulse;

/// <summary>One sending of a survey (a week's pulse, a "run now", or a milestone review).</summary>
public sealed record PulseRun
{
    public required string TenantId { get; init; }
    public required string Id { get; init; }
    public required string InitiativeId { get; init; }
    public required string ToolName { get; init; }
    /// <summary>The initiative's English name when the run was created ("" when it had none).</summary>
    public string ToolNameEn { get; init; } = "";
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

    public string ToolNameFor(bool english) => english && ToolNameEn.Length > 0 ? ToolNameEn : ToolName;

    public DateOnly Date => DateOnly.FromDateTime(LocalTime);
}
