using Azure.Data.Tables;
using Azure;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Delivery;

/// <summary>
/// The durable outbox, in two tables.
/// <list type="bullet">
/// <item>"Deliveries": PartitionKey = message id, RowKey = dedupe key; one row per recipient with the
/// final status and attempt history (the delivery report reads one partition). RowKey "!message" holds
/// the message's common content. Inserting this row is the dedupe guard.</item>
/// <item>"DeliveryQueue": PartitionKey = "q" + shard (hash of message id and dedupe key), RowKey =
/// message id + "|" + dedupe key; only open work. NextAttemptAt orders it; a claim moves NextAttemptAt
/// to the end of the lease, so an expired claim simply becomes due again.</item>
/// </list>
/// </summary>
public sealed class OutboxRepository(Tables tables)
{
    public const string DeliveriesTable = "Deliveries";
    public const string QueueTable = "DeliveryQueue";
    public const string MessageRowKey = "!message";
    private const int MaxBatch = 100;
    private const int MaxHistoryLength = 2000;

    private TableClient Deliveries => tables.Get(DeliveriesTable);
    private TableClient Queue => tables.Get(QueueTable);

    /// <summary>Escapes the four characters a table key may not contain.</summary>
    public static string Key(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal)
            .Replace("\\", "%5C", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal).Replace("?", "%3F", StringComparison.Ordinal);

    public static string ShardKey(string messageId, string dedupeKey, int shards)
    {
        // FNV-1a: stable across processes, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in messageId + "|" + dedupeKey)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return "q" + (hash % (uint)shards).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static IEnumerable<string> AllShards(int shards) =>
        Enumerable.Range(0, shards).Select(i => "q" + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture));

    public async Task SaveMessageAsync(string messageId, MessageContent content, string createdBy, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await Deliveries.AddEntityAsync(new MessageEntity
            {
                PartitionKey = Key(messageId), RowKey = MessageRowKey, Activity = content.ToJson(), CreatedBy = createdBy, CreatedAt = now,
            }, ct);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            // The message was saved by an earlier (possibly interrupted) enqueue of the same message.
        }
    }

    public async Task<MessageContent?> GetMessageAsync(string messageId, CancellationToken ct)
    {
        var row = await Deliveries.FindAsync<MessageEntity>(Key(messageId), MessageRowKey, ct);
        return row?.Activity is { } json ? MessageContent.FromJson(json) : null;
    }

    /// <summary>Inserts the delivery rows that do not exist yet; returns the requests that were new.</summary>
    public async Task<IReadOnlyList<SendRequest>> AddDeliveriesAsync(IReadOnlyList<SendRequest> requests, DateTimeOffset now, CancellationToken ct)
    {
        var added = new List<SendRequest>();
        foreach (var group in requests.GroupBy(r => r.MessageId))
        {
            added.AddRange(await AddAllAsync(Deliveries, group.DistinctBy(r => r.DedupeKey).ToList(), r => NewDelivery(r, now), ct));
        }
        return added;
    }

    /// <summary>Adds queue rows (keeping any that exist) and then marks their deliveries as queued.</summary>
    public async Task QueueAsync(IReadOnlyList<SendRequest> requests, int shards, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var group in requests.GroupBy(r => ShardKey(r.MessageId, r.DedupeKey, shards)))
        {
            await AddAllAsync(Queue, group.ToList(), r => QueueRow.From(r, group.Key, now).ToEntity(), ct);
        }
        foreach (var group in requests.GroupBy(r => r.MessageId))
        {
            foreach (var chunk in group.Chunk(MaxBatch))
            {
                await Deliveries.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpdateMerge,
                    new QueuedMark { PartitionKey = Key(r.MessageId), RowKey = Key(r.DedupeKey) }, ETag.All)), ct);
            }
        }
    }

    /// <summary>
    /// Inserts rows of one partition in transactions of 100; a chunk that hits an existing row falls back to
    /// one insert per row so that only the existing ones are skipped. Returns the items that were inserted.
    /// </summary>
    private static async Task<List<T>> AddAllAsync<T>(TableClient table, IReadOnlyList<T> items, Func<T, ITableEntity> toEntity, CancellationToken ct)
    {
        var added = new List<T>();
        foreach (var chunk in items.Chunk(MaxBatch))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, toEntity(i))), ct);
                added.AddRange(chunk);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                foreach (var item in chunk)
                {
                    try
                    {
                        await table.AddEntityAsync(toEntity(item), ct);
                        added.Add(item);
                    }
                    catch (RequestFailedException one) when (one.IsConflict())
                    {
                    }
                }
            }
        }
        return added;
    }

    private static DeliveryEntity NewDelivery(SendRequest r, DateTimeOffset now) => new()
    {
        PartitionKey = Key(r.MessageId),
        RowKey = Key(r.DedupeKey),
        Status = nameof(DeliveryStatus.Pending),
        Queued = false,
        TenantId = r.Recipient.TenantId,
        RecipientKey = r.Recipient.Key,
        AadObjectId = r.Recipient.AadObjectId,
        EnqueuedAt = now,
        Attempts = 0,
        // Kept so an interrupted enqueue can be finished from this row alone.
        Request = Newtonsoft.Json.JsonConvert.SerializeObject(r),
    };

    /// <summary>Delivery rows that were stored but never queued (the enqueuing process died in between).</summary>
    public async Task<IReadOnlyList<SendRequest>> FindUnqueuedAsync(DateTimeOffset olderThan, CancellationToken ct)
    {
        var result = new List<SendRequest>();
        await foreach (var row in Deliveries.QueryAsync<DeliveryEntity>(TableClient.CreateQueryFilter($"Queued eq {false} and EnqueuedAt lt {olderThan}"), cancellationToken: ct))
        {
            if (row.Request is { Length: > 0 } json && Newtonsoft.Json.JsonConvert.DeserializeObject<SendRequest>(json) is { } request)
            {
                result.Add(request);
            }
        }
        return result;
    }

    public async Task<IReadOnlyList<QueueRow>> QueryDueAsync(string shard, DateTimeOffset now, int max, CancellationToken ct)
    {
        var result = new List<QueueRow>();
        var filter = TableClient.CreateQueryFilter<QueueEntity>(e => e.PartitionKey == shard && e.NextAttemptAt <= now);
        await foreach (var page in Queue.QueryAsync<QueueEntity>(filter, maxPerPage: max, cancellationToken: ct).AsPages())
        {
            result.AddRange(page.Values.Select(QueueRow.FromEntity));
            break;
        }
        return result;
    }

    /// <summary>Takes the row for <paramref name="owner"/> until <paramref name="leaseUntil"/>; null if another instance was faster.</summary>
    public async Task<QueueRow?> TryClaimAsync(QueueRow row, string owner, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        var claimed = row with
        {
            LeaseOwner = owner,
            NextAttemptAt = leaseUntil,
            // A row still leased by someone else when it became due again may have been sent already.
            Reclaimed = row.Reclaimed || row.LeaseOwner is not null,
        };
        try
        {
            var response = await Queue.UpdateEntityAsync(claimed.ToEntity(), row.ETag, TableUpdateMode.Replace, ct);
            return claimed with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return null;
        }
    }

    /// <summary>
    /// Claims rows of one shard in one transaction (one request instead of one per row). If any row
    /// changed meanwhile (another instance claimed it), falls back to claiming one by one.
    /// </summary>
    public async Task<IReadOnlyList<QueueRow>> TryClaimAllAsync(IReadOnlyList<QueueRow> rows, string owner, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return [];
        }
        var claimed = rows.Select(row => row with { LeaseOwner = owner, NextAttemptAt = leaseUntil, Reclaimed = row.Reclaimed || row.LeaseOwner is not null }).ToList();
        try
        {
            var response = await Queue.SubmitTransactionAsync(
                claimed.Select((c, i) => new TableTransactionAction(TableTransactionActionType.UpdateReplace, c.ToEntity(), rows[i].ETag)), ct);
            return claimed.Select((c, i) => c with { ETag = response.Value[i].Headers.ETag ?? default }).ToList();
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
        {
            var one = await Task.WhenAll(rows.Select(row => TryClaimAsync(row, owner, leaseUntil, ct)));
            return one.OfType<QueueRow>().ToList();
        }
    }

    /// <summary>
    /// Records final outcomes of many rows with as few requests as the key scheme allows: delivery rows
    /// in transactions per message, queue deletions in transactions per shard.
    /// </summary>
    public async Task CompleteAllAsync(IReadOnlyList<Completion> completions, CancellationToken ct)
    {
        // A row taken over after its lease ran out can reach one batch twice; a table transaction
        // refuses a key it already holds, so each delivery row is written once, from its last outcome.
        var deliveries = completions
            .GroupBy(c => (c.Row.MessageId, c.Row.DedupeKey))
            .Select(g => g.Count(c => c.Status == DeliveryStatus.Sent) > 1 ? g.Last() with { Row = g.Last().Row with { Reclaimed = true } } : g.Last());
        foreach (var message in deliveries.GroupBy(c => c.Row.MessageId))
        {
            foreach (var chunk in message.Chunk(MaxBatch))
            {
                await Deliveries.SubmitTransactionAsync(chunk.Select(c => new TableTransactionAction(TableTransactionActionType.UpsertMerge, DeliveryUpdate(c))), ct);
            }
        }
        foreach (var shard in completions.GroupBy(c => c.Row.Shard))
        {
            // Of two claims of one row only the newer ETag can still match; the per-row fallback tries each.
            foreach (var chunk in shard.GroupBy(c => c.Row.RowKey).Chunk(MaxBatch))
            {
                try
                {
                    await Queue.SubmitTransactionAsync(chunk.Select(g => new TableTransactionAction(TableTransactionActionType.Delete, new QueueEntity { PartitionKey = g.Last().Row.Shard, RowKey = g.Key }, g.Last().Row.ETag)), ct);
                }
                catch (TableTransactionFailedException e) when (e.Status is 412 or 404)
                {
                    foreach (var c in chunk.SelectMany(g => g))
                    {
                        await DeleteQueueRowAsync(c.Row, ct);
                    }
                }
            }
        }
    }

    private static OutcomeUpdate DeliveryUpdate(Completion c) => new()
    {
        PartitionKey = Key(c.Row.MessageId),
        RowKey = Key(c.Row.DedupeKey),
        Status = c.Status.ToString(),
        Attempts = c.Row.Attempts,
        History = AppendHistory(c.Row.History, c.HistoryEntry),
        Reason = c.Reason,
        PossibleDuplicate = c.Row.Reclaimed,
        CompletedAt = c.At,
        ActivityId = c.ActivityId,
    };

    /// <summary>Puts a claimed row back for a later attempt.</summary>
    public async Task<bool> RescheduleAsync(QueueRow row, DateTimeOffset nextAttemptAt, CancellationToken ct)
    {
        try
        {
            await Queue.UpdateEntityAsync((row with { LeaseOwner = null, NextAttemptAt = nextAttemptAt }).ToEntity(), row.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }

    public async Task<DeliveryStatus?> GetStatusAsync(string messageId, string dedupeKey, CancellationToken ct)
    {
        var row = await Deliveries.FindAsync<DeliveryEntity>(Key(messageId), Key(dedupeKey), ct);
        return row?.Status is { } s && Enum.TryParse<DeliveryStatus>(s, out var status) ? status : null;
    }

    /// <summary>Records one final outcome: the delivery row first, then the queue row goes.</summary>
    public Task RecordAttemptAsync(QueueRow row, DeliveryStatus status, string historyEntry, string? reason, string? activityId, DateTimeOffset now, CancellationToken ct) =>
        CompleteAllAsync([new Completion(row, status, historyEntry, reason, activityId, now)], ct);

    /// <summary>The attempt history travels on the queue row and is written to the delivery row at the end.</summary>
    public static string AppendHistory(string? history, string entry)
    {
        var appended = (history ?? "") + entry + ";";
        return appended.Length > MaxHistoryLength ? appended[^MaxHistoryLength..] : appended;
    }

    public async Task DeleteQueueRowAsync(QueueRow row, CancellationToken ct)
    {
        try
        {
            await Queue.DeleteEntityAsync(row.Shard, row.RowKey, row.ETag, ct);
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            // Our lease ran out and another instance holds the row; it will see the final status and drop it.
        }
    }

    /// <summary>The message's delivery rows, one per recipient, without the stored requests.</summary>
    public async Task<IReadOnlyList<DeliveryRow>> ReadDeliveriesAsync(string messageId, CancellationToken ct)
    {
        var rows = new List<DeliveryRow>();
        await foreach (var row in Deliveries.QueryAsync<DeliveryEntity>(e => e.PartitionKey == Key(messageId),
            select: ["RowKey", "Status", "Reason", "EnqueuedAt", "CompletedAt", "PossibleDuplicate", "Attempts", "AadObjectId", "ActivityId"], cancellationToken: ct))
        {
            if (row.RowKey != MessageRowKey)
            {
                rows.Add(new DeliveryRow(row.RowKey, Enum.TryParse<DeliveryStatus>(row.Status, out var status) ? status : null, row.Reason,
                    row.EnqueuedAt, row.CompletedAt, row.PossibleDuplicate == true, row.Attempts ?? 0, row.AadObjectId, row.ActivityId));
            }
        }
        return rows;
    }

    public async Task<int> CountOpenAsync(int shards, CancellationToken ct)
    {
        var count = 0;
        foreach (var shard in AllShards(shards))
        {
            await foreach (var _ in Queue.QueryAsync<QueueEntity>(e => e.PartitionKey == shard, select: ["RowKey"], cancellationToken: ct))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The "!message" row: the content every recipient's send shares.</summary>
    private sealed class MessageEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? Activity { get; set; }
        public string? CreatedBy { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
    }

    /// <summary>A recipient's delivery row, as inserted at enqueue and read by the reports.</summary>
    private sealed class DeliveryEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? Status { get; set; }
        public bool? Queued { get; set; }
        public string? TenantId { get; set; }
        public string? RecipientKey { get; set; }
        public string? AadObjectId { get; set; }
        public DateTimeOffset? EnqueuedAt { get; set; }
        public int? Attempts { get; set; }
        public string? Request { get; set; }
        public string? History { get; set; }
        public string? Reason { get; set; }
        public bool? PossibleDuplicate { get; set; }
        public DateTimeOffset? CompletedAt { get; set; }
        public string? ActivityId { get; set; }
    }

    /// <summary>Merged into a delivery row once its queue row exists: only this column changes.</summary>
    private sealed class QueuedMark : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public bool Queued { get; set; } = true;
    }

    /// <summary>Merged into a delivery row with its final outcome; the columns written at enqueue stay.</summary>
    private sealed class OutcomeUpdate : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? Status { get; set; }
        public int Attempts { get; set; }
        public string? History { get; set; }
        public string? Reason { get; set; }
        public bool PossibleDuplicate { get; set; }
        public DateTimeOffset CompletedAt { get; set; }
        public string? ActivityId { get; set; }
    }
}

/// <summary>The final outcome of one queue row.</summary>
public sealed record Completion(QueueRow Row, DeliveryStatus Status, string HistoryEntry, string? Reason, string? ActivityId, DateTimeOffset At);

/// <summary>An open queue row: everything needed to send without reading anything else first.</summary>
public sealed record QueueRow
{
    public required string Shard { get; init; }
    public required string MessageId { get; init; }
    public required string DedupeKey { get; init; }
    public required string TenantId { get; init; }
    public string? AadObjectId { get; init; }
    public required string RecipientKey { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ConversationId { get; init; }
    public string? BotId { get; init; }
    public string? TeamsUserId { get; init; }
    public string? Activity { get; init; }
    public string? UpdateActivityId { get; init; }
    public int Attempts { get; init; }
    public int ThrottledAttempts { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public DateTimeOffset EnqueuedAt { get; init; }
    public string? LeaseOwner { get; init; }
    public bool Reclaimed { get; init; }
    public string? History { get; init; }
    public ETag ETag { get; init; }

    public string RowKey => OutboxRepository.Key(MessageId) + "|" + OutboxRepository.Key(DedupeKey);

    public ConversationAddress? Address => ConversationId is null || ServiceUrl is null ? null : new(ServiceUrl, ConversationId, BotId ?? "", "msteams");

    public static QueueRow From(SendRequest r, string shard, DateTimeOffset now) => new()
    {
        Shard = shard,
        MessageId = r.MessageId,
        DedupeKey = r.DedupeKey,
        TenantId = r.Recipient.TenantId,
        AadObjectId = r.Recipient.AadObjectId,
        RecipientKey = r.Recipient.Key,
        ServiceUrl = r.Recipient.Address?.ServiceUrl ?? r.Recipient.ServiceUrl,
        ConversationId = r.Recipient.Address?.ConversationId,
        BotId = r.Recipient.Address?.BotId,
        TeamsUserId = r.Recipient.TeamsUserId,
        Activity = r.Content?.ToJson(),
        UpdateActivityId = r.UpdateActivityId,
        NextAttemptAt = now,
        EnqueuedAt = now,
    };

    internal static QueueRow FromEntity(QueueEntity e) => new()
    {
        Shard = e.PartitionKey,
        MessageId = e.MessageId ?? "",
        DedupeKey = e.DedupeKey ?? "",
        TenantId = e.TenantId ?? "",
        AadObjectId = e.AadObjectId,
        RecipientKey = e.RecipientKey ?? "",
        ServiceUrl = e.ServiceUrl,
        ConversationId = e.ConversationId,
        BotId = e.BotId,
        TeamsUserId = e.TeamsUserId,
        Activity = e.Activity,
        UpdateActivityId = e.UpdateActivityId,
        Attempts = e.Attempts,
        ThrottledAttempts = e.ThrottledAttempts,
        NextAttemptAt = e.NextAttemptAt,
        EnqueuedAt = e.EnqueuedAt,
        LeaseOwner = e.LeaseOwner,
        Reclaimed = e.Reclaimed,
        History = e.History,
        ETag = e.ETag,
    };

    internal QueueEntity ToEntity() => new()
    {
        PartitionKey = Shard,
        RowKey = RowKey,
        ETag = ETag,
        MessageId = MessageId,
        DedupeKey = DedupeKey,
        TenantId = TenantId,
        AadObjectId = AadObjectId,
        RecipientKey = RecipientKey,
        ServiceUrl = ServiceUrl,
        ConversationId = ConversationId,
        BotId = BotId,
        TeamsUserId = TeamsUserId,
        Activity = Activity,
        UpdateActivityId = UpdateActivityId,
        Attempts = Attempts,
        ThrottledAttempts = ThrottledAttempts,
        NextAttemptAt = NextAttemptAt,
        EnqueuedAt = EnqueuedAt,
        LeaseOwner = LeaseOwner,
        Reclaimed = Reclaimed,
        History = History,
    };
}

internal sealed class QueueEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string? MessageId { get; set; }
    public string? DedupeKey { get; set; }
    public string? TenantId { get; set; }
    public string? AadObjectId { get; set; }
    public string? RecipientKey { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ConversationId { get; set; }
    public string? BotId { get; set; }
    public string? TeamsUserId { get; set; }
    public string? Activity { get; set; }
    public string? UpdateActivityId { get; set; }
    public int Attempts { get; set; }
    public int ThrottledAttempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset EnqueuedAt { get; set; }
    public string? LeaseOwner { get; set; }
    public bool Reclaimed { get; set; }
    public string? History { get; set; }
}
