using System.Threading.Channels;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Pulse;

/// <summary>
/// Group commit for answers: everything that arrives while the previous writes are in flight is
/// written together, one transaction per response partition (the responses plus the rollups they
/// change). When a pulse goes out to everyone at 10:00, hundreds of answers a second become a few
/// dozen writes. A submit is acknowledged only after its transaction is stored.
/// </summary>
public sealed class PulseAnswerWriter(PulseResponseRepository responses, ILogger<PulseAnswerWriter> logger) : BackgroundService
{
    private const int MaxPerTransaction = 40;
    private static readonly ConflictRetry Retry = new(maxAttempts: 8, TimeSpan.FromMilliseconds(10), Polly.DelayBackoffType.Linear, e => e.IsConflict() || e.IsPreconditionFailed());
    private const int Parallel = 8;

    private sealed record Pending(string Partition, PulseResponse Response, IReadOnlyList<PulseQuestion> Questions, TaskCompletionSource<bool> Done);

    private readonly Channel<Pending> queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Stores the answer (replacing the person's earlier one); true when it replaced one.</summary>
    public Task<bool> SaveAsync(string tenantId, PulseRun run, PulseResponse response, CancellationToken ct)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var partition = PulseResponseRepository.Partition(tenantId, run.Id, PulseKeys.Shard(response.RespondentKey, run.Shards));
        if (!queue.Writer.TryWrite(new Pending(partition, response, run.Questions, done)))
        {
            done.SetException(new InvalidOperationException("The bot is stopping."));
        }
        return done.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        using var gate = new SemaphoreSlim(Parallel);
        while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < 2000 && queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            var groups = batch.GroupBy(p => p.Partition).Select(g => g.ToList()).ToList();
            batch.Clear();
            await Task.WhenAll(groups.Select(async group =>
            {
                await gate.WaitAsync(CancellationToken.None);
                try
                {
                    // Chunks of one partition share its rollup rows: written one after another, not racing.
                    foreach (var chunk in group.Chunk(MaxPerTransaction))
                    {
                        await WriteAsync(chunk);
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
            if (stoppingToken.IsCancellationRequested && !queue.Reader.TryPeek(out _))
            {
                break;
            }
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private async Task WriteAsync(IReadOnlyList<Pending> group)
    {
        // Two submits of one person in one batch: the later one is what they meant.
        var latest = group.GroupBy(p => p.Response.RespondentKey).Select(g => g.Last()).ToList();
        try
        {
            // Another instance wrote to the same partition: each attempt reads again and re-applies.
            var replaced = await Retry.RunAsync((_, token) =>
                responses.SaveAsync(group[0].Partition, latest.Select(p => p.Response).ToList(), group[0].Questions, token), CancellationToken.None);
            var byKey = latest.Select((p, i) => (p.Response.RespondentKey, Replaced: replaced[i])).ToDictionary(x => x.RespondentKey, x => x.Replaced);
            foreach (var pending in group)
            {
                pending.Done.TrySetResult(byKey[pending.Response.RespondentKey]);
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Storing {Count} pulse answers failed", group.Count);
            foreach (var pending in group)
            {
                pending.Done.TrySetException(e);
            }
        }
    }
}
