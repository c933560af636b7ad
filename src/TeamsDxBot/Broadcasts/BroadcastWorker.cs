using Microsoft.Extensions.Options;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Broadcasts;

/// <summary>Sends due occurrences; safe with several instances (see BroadcastScheduler).</summary>
public sealed class BroadcastWorker(BroadcastScheduler scheduler, IOptionsMonitor<BroadcastOptions> options, TimeProvider time, ILogger<BroadcastWorker> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.CheckInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => scheduler.TickAsync(ct);
}
