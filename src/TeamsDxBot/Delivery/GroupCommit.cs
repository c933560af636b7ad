using System.Threading.Channels;

namespace TeamsDxBot.Delivery;

/// <summary>
/// Records final outcomes in batches (group commit): outcomes that arrive within a short linger, or
/// while the previous batch is being written, go in one write per message and one per shard. A
/// worker's call returns only once its outcome is stored, so the rows sent but not yet recorded never
/// exceed the workers in flight.
/// </summary>
internal sealed class GroupCommit(OutboxRepository outbox)
{
    private const int MaxBatch = 100;
    // Long enough to gather the outcomes of a second's worth of sends at Teams' rates into a few writes,
    // short next to the send itself; workers wait for it, so it never widens the crash window.
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(500);
    private readonly Channel<(Completion Completion, TaskCompletionSource Done)> pending =
        Channel.CreateUnbounded<(Completion, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

    public Task CompleteAsync(Completion completion)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!pending.Writer.TryWrite((completion, done)))
        {
            done.SetException(new InvalidOperationException("The delivery engine is stopping."));
        }
        return done.Task;
    }

    public void Complete() => pending.Writer.TryComplete();

    public async Task RunAsync(CancellationToken ct)
    {
        var batch = new List<(Completion Completion, TaskCompletionSource Done)>(MaxBatch);
        while (await pending.Reader.WaitToReadAsync(CancellationToken.None))
        {
            await Task.Delay(Linger, CancellationToken.None);
            while (batch.Count < MaxBatch && pending.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            try
            {
                await outbox.CompleteAllAsync(batch.Select(b => b.Completion).ToList(), ct);
                batch.ForEach(b => b.Done.SetResult());
            }
            catch (Exception) when (batch.Count > 1)
            {
                // One row the batch could not take must not cost the others their record: write them one by one.
                await CompleteOneByOneAsync(batch, ct);
            }
            catch (Exception e)
            {
                batch.ForEach(b => b.Done.SetException(e));
            }
            batch.Clear();
        }
    }

    private async Task CompleteOneByOneAsync(List<(Completion Completion, TaskCompletionSource Done)> batch, CancellationToken ct)
    {
        foreach (var (completion, done) in batch)
        {
            try
            {
                await outbox.CompleteAllAsync([completion], ct);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
    }
}
