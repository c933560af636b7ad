namespace TeamsDxBot.Pulse;

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
