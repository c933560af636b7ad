namespace TeamsDxBot.Dev;

/// <summary>
/// Development only: the system clock plus an offset that <c>POST /_dev/clock/advance</c> moves forward,
/// so journeys can watch deadlines pass (reminders, escalations) without waiting. Never registered
/// outside the Development environment.
/// </summary>
public sealed class DevClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);
}
