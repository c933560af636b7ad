using Microsoft.Extensions.Options;

namespace TeamsDxBot.Delivery;

/// <summary>
/// What features call to send: the requests are stored durably (and deduplicated) before this returns;
/// the engine delivers them in the background. Never called for a whole audience inside a bot turn.
/// </summary>
public sealed class Outbox(OutboxRepository repository, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<Outbox> logger)
{
    public sealed record EnqueueResult(int Requested, int Enqueued)
    {
        public int Duplicates => Requested - Enqueued;
    }

    public async Task<EnqueueResult> EnqueueAsync(string messageId, MessageContent? content, IReadOnlyList<SendRequest> requests, string createdBy, CancellationToken ct)
    {
        if (requests.Any(r => r.MessageId != messageId))
        {
            throw new ArgumentException("Every request must belong to the message being enqueued.", nameof(requests));
        }
        if (content is null && requests.Any(r => r.Content is null))
        {
            throw new ArgumentException("A request without its own content needs the message content.", nameof(content));
        }
        var now = time.GetUtcNow();
        if (content is not null)
        {
            await repository.SaveMessageAsync(messageId, content, createdBy, now, ct);
        }
        var added = await repository.AddDeliveriesAsync(requests, now, ct);
        await repository.QueueAsync(added, options.Value.Shards, now, ct);
        logger.LogInformation("Enqueued {Enqueued} of {Requested} deliveries of message {MessageId}", added.Count, requests.Count, messageId);
        return new EnqueueResult(requests.Count, added.Count);
    }

    /// <summary>Queues deliveries whose enqueue was interrupted between storing and queuing them.</summary>
    public async Task<int> RepairAsync(CancellationToken ct)
    {
        var stranded = await repository.FindUnqueuedAsync(time.GetUtcNow() - TimeSpan.FromMinutes(1), ct);
        if (stranded.Count > 0)
        {
            await repository.QueueAsync(stranded, options.Value.Shards, time.GetUtcNow(), ct);
            logger.LogWarning("Queued {Count} deliveries left behind by an interrupted enqueue", stranded.Count);
        }
        return stranded.Count;
    }
}
