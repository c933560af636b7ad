namespace TeamsDxBot.Delivery;

/// <summary>
/// Spaces sends evenly at this instance's share of the tenant rate. A 429 pauses every sender until
/// Retry-After has passed and cuts the rate (multiplicative decrease); each success wins a little of
/// it back (additive increase), so the engine slows down as a whole and speeds up again on its own.
/// Pacing is physics, not schedule, so it runs on the real clock even when schedules use a fake one.
/// </summary>
public sealed class Pacer(TimeProvider clock)
{
    private const double MinFactor = 0.1;
    private const double DecreaseFactor = 0.7;
    private const double IncreaseStep = 0.02;

    private readonly Lock gate = new();
    private double tenantRate = 50;
    private int instances = 1;
    private double factor = 1.0;
    private long nextSlot;
    private long pausedUntil;

    public double CurrentRate
    {
        get
        {
            lock (gate)
            {
                return RateLocked();
            }
        }
    }

    public double Factor
    {
        get
        {
            lock (gate)
            {
                return factor;
            }
        }
    }

    private double RateLocked() => Math.Max(0.01, tenantRate * factor / Math.Max(1, instances));

    public void Configure(double tenantRequestsPerSecond, int liveInstances)
    {
        lock (gate)
        {
            tenantRate = tenantRequestsPerSecond;
            instances = Math.Max(1, liveInstances);
        }
    }

    /// <summary>Waits for this caller's slot.</summary>
    public async Task WaitAsync(CancellationToken ct)
    {
        long slot;
        lock (gate)
        {
            var now = clock.GetTimestamp();
            var interval = (long)(clock.TimestampFrequency / RateLocked());
            slot = Math.Max(Math.Max(now, nextSlot), pausedUntil);
            nextSlot = slot + interval;
        }
        var wait = clock.GetElapsedTime(clock.GetTimestamp(), slot);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
        }
    }

    public void OnThrottled(TimeSpan? retryAfter)
    {
        lock (gate)
        {
            factor = Math.Max(MinFactor, factor * DecreaseFactor);
            var pause = retryAfter ?? TimeSpan.FromSeconds(1);
            pausedUntil = Math.Max(pausedUntil, clock.GetTimestamp() + (long)(pause.TotalSeconds * clock.TimestampFrequency));
            nextSlot = Math.Max(nextSlot, pausedUntil);
        }
    }

    public void OnSuccess()
    {
        lock (gate)
        {
            factor = Math.Min(1.0, factor + IncreaseStep);
        }
    }
}
