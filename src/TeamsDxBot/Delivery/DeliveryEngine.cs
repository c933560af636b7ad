using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TeamsDxBot.Directory;
using TeamsDxBot.Observability;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Delivery;

/// <summary>
/// Delivers the outbox. One claimer takes due rows with ETag-conditional claims (so several instances
/// never send the same row in normal operation) and feeds a bounded channel; <see cref="DeliveryOptions.MaxConcurrency"/>
/// workers pace themselves through the <see cref="Pacer"/> and Teams' per-conversation limits, send,
/// and record the outcome. A row is final only after it was recorded; a crash in between leaves it
/// claimed until the lease ends, and the next claimer counts it as a possible duplicate.
/// </summary>
public sealed class DeliveryEngine(
    OutboxRepository outbox,
    Outbox enqueuer,
    ActivitySender sender,
    Pacer pacer,
    InstanceRegistry instances,
    PersonRepository people,
    Telemetry telemetry,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<DeliveryEngine> logger) : BackgroundService
{
    private readonly DeliveryOptions settings = options.Value;
    private readonly Dictionary<string, MessageContent> contents = new(StringComparer.Ordinal);
    private readonly Lock contentsGate = new();
    private readonly ConversationLimits conversationLimits = new(TimeProvider.System);
    // Rows this instance is still sending. A lease that runs out while its send is slow (or while the
    // clock jumps) makes the row due again; claiming it a second time here would send it twice.
    private readonly ConcurrentDictionary<string, byte> sending = new(StringComparer.Ordinal);
    private static readonly TimeSpan QueueCountInterval = TimeSpan.FromSeconds(30);
    private DateTimeOffset queueCountedAt = DateTimeOffset.MinValue;
    private int inFlight;
    private int shardCursor;

    public string InstanceId { get; } = $"{Environment.MachineName}-{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.RunEngine)
        {
            return;
        }
        await RefreshShareAsync(stoppingToken);
        await enqueuer.RepairAsync(stoppingToken);
        var heartbeat = Task.Run(() => HeartbeatLoopAsync(stoppingToken), CancellationToken.None);
        // A stopping instance finishes the sends it has started (each ends within SendTimeout) and hands
        // the rest back at once; only past that grace are sends abandoned to their leases.
        using var abort = new CancellationTokenSource();
        using var graceOnStop = stoppingToken.Register(() => abort.CancelAfter(settings.SendTimeout + TimeSpan.FromSeconds(5)));
        try
        {
            await RunAsync(untilIdle: false, abort.Token, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await heartbeat;
            await instances.LeaveAsync(InstanceId, CancellationToken.None);
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.HeartbeatInterval, time, ct);
                await RefreshShareAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Delivery heartbeat failed; keeping the previous rate share");
            }
        }
    }

    /// <summary>Counts live instances and takes an equal share of the tenant rate.</summary>
    public async Task RefreshShareAsync(CancellationToken ct)
    {
        pacer.Configure(settings.TenantRequestsPerSecond, await instances.HeartbeatAsync(InstanceId, settings.InstanceTimeToLive, ct));
        telemetry.PaceObserved(pacer.CurrentRate);
        var now = time.GetUtcNow();
        if (now - queueCountedAt >= QueueCountInterval)
        {
            // Counting reads every queued row's key, so it is done far less often than the heartbeat.
            queueCountedAt = now;
            telemetry.QueueObserved(await outbox.CountOpenAsync(settings.Shards, ct));
        }
    }

    /// <summary>
    /// Claims and delivers due rows. With <paramref name="untilIdle"/> it returns once nothing is due and
    /// nothing is in flight (tests and benchmarks); otherwise it polls until cancelled or stopped.
    /// </summary>
    /// <param name="ct">Abandons everything at once, as a crash would: rows in flight stay leased until their lease ends.</param>
    /// <param name="stopping">A graceful stop: no more claims, sends already started finish and are recorded,
    /// and rows not yet started are handed back so another instance takes them without waiting for a lease.</param>
    public async Task<int> RunAsync(bool untilIdle, CancellationToken ct, CancellationToken stopping = default)
    {
        using var claiming = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        var channel = Channel.CreateBounded<QueueRow>(new BoundedChannelOptions(settings.ClaimBatchSize) { SingleWriter = true });
        var commit = new GroupCommit(outbox);
        var committer = Task.Run(() => commit.RunAsync(ct), CancellationToken.None);
        var processed = 0;
        var workers = Enumerable.Range(0, settings.MaxConcurrency).Select(_ => Task.Run(async () =>
        {
            await foreach (var row in channel.Reader.ReadAllAsync(ct))
            {
                try
                {
                    if (await ProcessAsync(row, commit, ct, stopping))
                    {
                        Interlocked.Increment(ref processed);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Storage hiccup while recording: the lease runs out and the row is picked up again.
                    logger.LogError(e, "Delivery of {MessageId}/{DedupeKey} could not be recorded", row.MessageId, row.DedupeKey);
                }
                finally
                {
                    sending.TryRemove(row.RowKey, out var _);
                    Interlocked.Decrement(ref inFlight);
                }
            }
        }, ct)).ToArray();
        try
        {
            while (!claiming.IsCancellationRequested)
            {
                int claimed;
                try
                {
                    claimed = await ClaimAsync(channel.Writer, ct);
                }
                catch (Exception e) when (e is Azure.RequestFailedException || StorageFailures.IsUnavailable(e))
                {
                    // The SDK gives up on an unreachable service with an AggregateException of its attempts.
                    logger.LogWarning("Claiming deliveries failed; retrying: {Reason}", e.Message);
                    claimed = 0;
                }
                if (claimed > 0)
                {
                    continue;
                }
                if (untilIdle && Volatile.Read(ref inFlight) == 0)
                {
                    break;
                }
                try
                {
                    await Task.Delay(untilIdle ? TimeSpan.FromMilliseconds(20) : settings.PollInterval, untilIdle ? TimeProvider.System : time, claiming.Token);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            channel.Writer.TryComplete();
            try
            {
                await Task.WhenAll(workers);
            }
            finally
            {
                commit.Complete();
                await committer;
            }
        }
        return processed;
    }

    private async Task<int> ClaimAsync(ChannelWriter<QueueRow> writer, CancellationToken ct)
    {
        var claimed = 0;
        var shards = OutboxRepository.AllShards(settings.Shards).ToArray();
        for (var i = 0; i < shards.Length; i++)
        {
            var shard = shards[(Interlocked.Increment(ref shardCursor) & int.MaxValue) % shards.Length];
            var now = time.GetUtcNow();
            var due = (await outbox.QueryDueAsync(shard, now, settings.ClaimBatchSize, ct))
                .Where(row => !sending.ContainsKey(row.RowKey))
                .ToList();
            // Rows already leased by a live claimer are not due, so a claim here only races a simultaneous claimer.
            foreach (var chunk in due.Chunk(100))
            {
                foreach (var row in await outbox.TryClaimAllAsync(chunk, InstanceId, now + settings.LeaseDuration, ct))
                {
                    if (!sending.TryAdd(row.RowKey, 0))
                    {
                        continue;
                    }
                    Interlocked.Increment(ref inFlight);
                    await writer.WriteAsync(row, ct);
                    claimed++;
                }
            }
        }
        return claimed;
    }

    /// <summary>Sends one row and records the outcome; false when the row was handed back unsent (a graceful stop).</summary>
    private async Task<bool> ProcessAsync(QueueRow row, GroupCommit commit, CancellationToken ct, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested)
        {
            await ReleaseAsync(row, ct);
            return false;
        }
        if (row.Reclaimed || row.Attempts > 0)
        {
            // A retry or a takeover: the row may have been completed by an instance that then lost its lease.
            var status = await outbox.GetStatusAsync(row.MessageId, row.DedupeKey, ct);
            if (status is not (null or DeliveryStatus.Pending))
            {
                await outbox.DeleteQueueRowAsync(row, ct);
                return true;
            }
        }
        var content = row.Activity is { } own ? MessageContent.FromJson(own) : await ContentAsync(row.MessageId, ct);
        if (content is null)
        {
            await outbox.RecordAttemptAsync(row, DeliveryStatus.Failed, "no-content", "message content missing", null, time.GetUtcNow(), ct);
            return true;
        }

        try
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
            await conversationLimits.WaitAsync(row.ConversationId ?? row.RecipientKey, waiting.Token);
            if (row.ConversationId is null)
            {
                // Opening the 1:1 chat is a request of its own against the same tenant rate.
                await pacer.WaitAsync(waiting.Token);
            }
            await pacer.WaitAsync(waiting.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            await ReleaseAsync(row, ct);
            return false;
        }

        using var span = Telemetry.Source.StartActivity("delivery.send", System.Diagnostics.ActivityKind.Client);
        span?.SetTag(Telemetry.MessageKindTag, Telemetry.KindOf(row.MessageId));
        span?.SetTag("teamsdx.attempt", row.Attempts + 1);
        SendResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(settings.SendTimeout);
            try
            {
                result = await sender.SendAsync(row, content, timeout.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                result = new SendResult(SendOutcome.Transient, Reason: "timeout");
            }
        }
        span?.SetTag(Telemetry.OutcomeTag, result.Outcome.ToString());
        telemetry.Sent(Telemetry.KindOf(row.MessageId), result.Outcome.ToString());
        await RecordAsync(row, result, commit, ct);
        return true;
    }

    /// <summary>Hands a claimed row back, due now, so any instance takes it without waiting for the lease.</summary>
    private Task<bool> ReleaseAsync(QueueRow row, CancellationToken ct) => outbox.RescheduleAsync(row, time.GetUtcNow(), ct);

    private async Task RecordAsync(QueueRow row, SendResult result, GroupCommit commit, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var attempted = row with { Attempts = row.Attempts + 1 };
        var entry = $"{now:O} {result.Outcome}{(result.Reason is null ? "" : " " + result.Reason)}";
        switch (result.Outcome)
        {
            case SendOutcome.Succeeded:
                pacer.OnSuccess();
                await commit.CompleteAsync(new Completion(attempted, DeliveryStatus.Sent, entry, null, result.ActivityId, now));
                break;
            case SendOutcome.Throttled:
                pacer.OnThrottled(result.RetryAfter);
                var throttled = row with { ThrottledAttempts = row.ThrottledAttempts + 1, History = OutboxRepository.AppendHistory(row.History, entry) };
                if (throttled.ThrottledAttempts >= settings.MaxThrottledAttempts)
                {
                    await commit.CompleteAsync(new Completion(attempted, DeliveryStatus.Failed, entry, "throttled", null, now));
                }
                else
                {
                    await outbox.RescheduleAsync(throttled, now + (result.RetryAfter ?? Backoff(throttled.ThrottledAttempts)), ct);
                }
                break;
            case SendOutcome.RecipientGone:
                await commit.CompleteAsync(new Completion(attempted, DeliveryStatus.Unreachable, entry, result.Reason, null, now));
                if (row.AadObjectId is not null)
                {
                    await people.UpdateAsync(row.TenantId, row.AadObjectId, p => p with { Reachability = Reachability.Unreachable }, ct);
                }
                break;
            case SendOutcome.Transient when attempted.Attempts < settings.MaxAttempts:
                // A send that timed out or lost its connection after going out may have reached the person:
                // the retry is then a possible duplicate, and the report counts it.
                await outbox.RescheduleAsync(attempted with
                {
                    History = OutboxRepository.AppendHistory(row.History, entry),
                    Reclaimed = row.Reclaimed || MayHaveArrived(result),
                }, now + Backoff(attempted.Attempts), ct);
                break;
            default:
                await commit.CompleteAsync(new Completion(attempted, DeliveryStatus.Failed, entry, result.Reason, null, now));
                break;
        }
    }

    private static bool MayHaveArrived(SendResult result) =>
        result.Reason is "timeout"
        || (result.Reason?.StartsWith("connection ", StringComparison.Ordinal) == true
            && result.Reason is not ("connection ConnectionError" or "connection NameResolutionError"));

    /// <summary>Exponential backoff with full jitter between half and all of the step.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var step = Math.Min(settings.MaxBackoff.TotalMilliseconds, settings.BaseBackoff.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
        return TimeSpan.FromMilliseconds(step * (0.5 + Random.Shared.NextDouble() / 2));
    }

    private async Task<MessageContent?> ContentAsync(string messageId, CancellationToken ct)
    {
        lock (contentsGate)
        {
            if (contents.TryGetValue(messageId, out var cached))
            {
                return cached;
            }
        }
        var content = await outbox.GetMessageAsync(messageId, ct);
        if (content is not null)
        {
            lock (contentsGate)
            {
                // Message content never changes once saved; a small cache avoids one read per recipient.
                if (contents.Count > 256)
                {
                    contents.Clear();
                }
                contents[messageId] = content;
            }
        }
        return content;
    }

}
