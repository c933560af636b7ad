namespace TeamsDxBot.Storage;

/// <summary>
/// A background job that runs every <see cref="Interval"/> on the injected clock (so tests move time
/// instead of waiting). A failed run is logged and the next one comes as usual: the jobs are written
/// to be repeated, and every instance runs them, so none may assume it is the only one.
/// </summary>
public abstract class PeriodicJob(TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>Read before each wait, so a changed setting applies from the next run.</summary>
    protected abstract TimeSpan Interval { get; }

    protected abstract Task RunOnceAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, time, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "{Job} failed; it runs again after {Interval}", GetType().Name, Interval);
            }
        }
    }
}
