namespace TeamsDxBot.Broadcasts;

/// <summary>
/// When to send, exactly as the author filled it in. Kept as typed so a draft reopens as it was left,
/// half-finished schedules included; it becomes instants only when the author schedules it.
/// </summary>
public sealed record BroadcastScheduleForm(
    string? Timing = null,
    string? Date = null,
    string? Time = null,
    string? Dates = null,
    string? Weekday = null,
    string? MonthlyRule = null,
    string? Day = null,
    string? Count = null)
{
    public string TimingOrNow => Timing is { Length: > 0 } t && BroadcastTiming.All.Contains(t) ? t : BroadcastTiming.Now;

    /// <summary>An empty choice means "now" (the composer's default); any other value must be one the composer offers.</summary>
    public bool TimingIsKnown => Timing is not { Length: > 0 } t || BroadcastTiming.All.Contains(t);
}
