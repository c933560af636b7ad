using Microsoft.Extensions.Options;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Pulse;

/// <summary>Runs the pulse schedule; every step is safe with several instances (see PulseScheduler).</summary>
public sealed class PulseWorker(PulseScheduler scheduler, IOptionsMonitor<PulseOptions> options, TimeProvider time, ILogger<PulseWorker> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.CheckInterval;

    protected override bool Enabled => options.CurrentValue.RunWorker;

    protected override Task RunOnceAsync(CancellationToken ct) => scheduler.TickAsync(ct);
}
