namespace TeamsDxBot.FakeConnector;

/// <summary>
/// A rate with one second's worth of burst, kept as the generic cell rate algorithm: one "theoretical
/// arrival time" instead of a token count. It admits exactly what a token bucket of that size would, but
/// the arithmetic stays in whole ticks for whole-number rates, so a client pacing itself at exactly the
/// rate is never refused by a rounding error, and the wait it is told is exact.
/// </summary>
internal sealed class TenantRate
{
    private readonly Lock gate = new();
    private double theoreticalArrival; // in ticks of the caller's clock

    /// <returns>Zero when admitted (and counted), otherwise how long until a request would be.</returns>
    public TimeSpan TryTake(TimeSpan now, double perSecond)
    {
        if (!(perSecond > 0) || double.IsPositiveInfinity(perSecond))
        {
            return TimeSpan.Zero;
        }
        var interval = TimeSpan.TicksPerSecond / perSecond;
        var tolerance = (Math.Max(1, perSecond) - 1) * interval;
        lock (gate)
        {
            var arrival = Math.Max(theoreticalArrival, now.Ticks);
            var early = arrival - now.Ticks - tolerance;
            if (early > 0)
            {
                return TimeSpan.FromTicks((long)Math.Ceiling(early));
            }
            theoreticalArrival = arrival + interval;
            return TimeSpan.Zero;
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            theoreticalArrival = 0;
        }
    }
}

/// <summary>
/// Sliding-window limits over the times of admitted requests. A window of n per w is full exactly when
/// the n-th newest admitted time is less than w ago, so only the newest max(n) times matter and a ring
/// of them answers every window in O(1). Callers serialise access (one instance per conversation).
/// </summary>
internal sealed class SlidingWindows(IReadOnlyList<(int Limit, TimeSpan Window)> limits)
{
    /// <summary>Teams' per-conversation limits for bots.</summary>
    public static readonly (int Limit, TimeSpan Window)[] Teams =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    private readonly int capacity = limits.Max(l => l.Limit);
    // Starts small and grows: most conversations in a broadcast see one or two messages.
    private TimeSpan[] ring = new TimeSpan[Math.Min(8, limits.Max(l => l.Limit))];
    private int start;
    private int count;

    /// <returns>Zero when another request fits every window now, otherwise how long until it would.</returns>
    public TimeSpan WaitFor(TimeSpan now)
    {
        var wait = TimeSpan.Zero;
        foreach (var (limit, window) in limits)
        {
            if (count < limit)
            {
                continue;
            }
            var free = ring[(start + count - limit) % ring.Length] + window - now;
            if (free > wait)
            {
                wait = free;
            }
        }
        return wait;
    }

    /// <summary>Counts an admitted request; times must not go backwards.</summary>
    public void Add(TimeSpan now)
    {
        if (count == ring.Length)
        {
            if (ring.Length < capacity)
            {
                var grown = new TimeSpan[Math.Min(capacity, ring.Length * 2)];
                for (var i = 0; i < count; i++)
                {
                    grown[i] = ring[(start + i) % ring.Length];
                }
                ring = grown;
                start = 0;
            }
            else
            {
                // Older than the max(n)-th newest, so no window can count it any more.
                start = (start + 1) % ring.Length;
                count--;
            }
        }
        ring[(start + count) % ring.Length] = now;
        count++;
    }
}
