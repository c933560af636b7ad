namespace TeamsDxBot.Metrics;

/// <summary>
/// One week of the tool's own figures (from its admin screen or a system), for one department or the
/// whole company. These are measured numbers, reported beside what people say in pulses.
/// </summary>
public sealed record ToolMetric
{
    private readonly DateOnly weekStart;

    public required string TenantId { get; init; }
    public required string InitiativeId { get; init; }

    /// <summary>The Monday of the week; any date of the week may be given, so "the week" is one row whatever day a system reports on.</summary>
    public required DateOnly WeekStart { get => weekStart; init => weekStart = MondayOf(value); }

    /// <summary>Null means the whole company (figures not split by department).</summary>
    public string? DepartmentId { get; init; }

    public int? ActiveUsers { get; init; }

    /// <summary>Percent, 0–100.</summary>
    public double? InputCompletionRate { get; init; }

    public int? ErrorCount { get; init; }

    /// <summary>"chat:{aadObjectId}" or "api:{keyId}".</summary>
    public required string Source { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public bool HasFigures => ActiveUsers is not null || InputCompletionRate is not null || ErrorCount is not null;

    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    public static string ChatSource(string aadObjectId) => "chat:" + aadObjectId;

    public static string ApiSource(string keyId) => "api:" + keyId;
}
