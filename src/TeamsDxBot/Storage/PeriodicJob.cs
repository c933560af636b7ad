namespace TeamsDxBot.Storage;

/// <summary>
/// A background job that runs every <see cref="Interval"/> on the injected clock (so tests move time
/// instead of waiting). A failed run is logged and the next one comes as usual: the jobs are written
/// to be repeated, and every instance runs them, so none may assume it is the only one.
/// </summary>
public abstract class PeriodicJob(TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>Longer waits are cut to this: a timer cannot wait much beyond 49 days, and a failed wait would spin.</summary>
    public static readonly TimeSpan LongestInterval = TimeSpan.FromDays(30);

    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Read before each wait, so a changed setting applies from the next run.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>False when something else drives the job (the tests call its work directly).</summary>
    protected virtual bool Enabled => true;

    protected abstract Task RunOnceAsync(CancellationToken ct);

    /// <summary>
    /// Ends the current wait, so the job runs now on this instance: for work a person has just asked for.
    /// A wake during a run brings the next run forward, so nothing asked for waits a whole interval.
    /// </summary>
    public void Wake() => Volatile.Read(ref wake).TrySetResult();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
                {
                    var woken = Volatile.Read(ref wake).Task;
                    await Task.WhenAny(Task.Delay(Interval < LongestInterval ? Interval : LongestInterval, time, waiting.Token), woken);
                    await waiting.CancelAsync();
                    stoppingToken.ThrowIfCancellationRequested();
                    if (woken.IsCompleted)
                    {
                        Volatile.Write(ref wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    }
                }
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "{Job} failed; it runs again after {Interval}", GetType().Name, Interval);
            }
        }
    }
}
