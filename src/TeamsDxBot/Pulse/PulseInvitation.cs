namespace TeamsDxBot.Pulse;

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
