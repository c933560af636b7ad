using System.Collections.Concurrent;

namespace TeamsDxBot.Delivery;

/// <summary>
/// Teams' per-conversation limits (7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour). Tracked only
/// for conversations the bot wrote to in the last hour, as the times of the recent sends. A broadcast
/// writes once to each of thousands of conversations; System.Threading.RateLimiting's partitioned
/// sliding windows keep a limiter per conversation for the whole hour and replenish every one of them
/// on a timer, which cost more CPU than the sends themselves.
/// </summary>
public sealed class ConversationLimits(TimeProvider clock)
{
    private static readonly (int Limit, TimeSpan Window)[] Teams =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];
    private static readonly TimeSpan Horizon = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, List<long>> sends = new(StringComparer.Ordinal);
    private long lastSweep;

    /// <summary>Waits until one more message to the conversation stays within every limit, and counts it.</summary>
    public async Task WaitAsync(string conversationId, CancellationToken ct)
    {
        var times = sends.GetOrAdd(conversationId, _ => []);
        while (true)
        {
            TimeSpan wait;
            lock (times)
            {
                var now = clock.GetTimestamp();
                wait = WaitFor(times, now);
                if (wait <= TimeSpan.Zero)
                {
                    times.Add(now);
                    break;
                }
            }
            await Task.Delay(wait, clock, ct);
        }
        SweepIfDue();
    }

    private TimeSpan WaitFor(List<long> times, long now)
    {
        var wait = TimeSpan.Zero;
        foreach (var (limit, window) in Teams)
        {
            if (times.Count < limit)
            {
                continue;
            }
            // The limit-th most recent send must have left the window before one more may go.
            var oldestInLimit = times[^limit];
            var left = window - clock.GetElapsedTime(oldestInLimit, now);
            if (left > wait)
            {
                wait = left;
            }
        }
        return wait;
    }

    /// <summary>Forgets conversations and send times older than an hour, at most once a minute.</summary>
    private void SweepIfDue()
    {
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref lastSweep);
        if (clock.GetElapsedTime(last, now) < TimeSpan.FromMinutes(1) || Interlocked.CompareExchange(ref lastSweep, now, last) != last)
        {
            return;
        }
        foreach (var (conversation, times) in sends)
        {
            lock (times)
            {
                times.RemoveAll(t => clock.GetElapsedTime(t, now) > Horizon);
                if (times.Count == 0)
                {
                    sends.TryRemove(new KeyValuePair<string, List<long>>(conversation, times));
                }
            }
        }
    }

    public int TrackedConversations => sends.Count;
}
