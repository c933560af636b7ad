using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Polly;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Usage;

/// <summary>How a replacement landed: rows written and earlier rows of the same weeks that are gone.</summary>
public sealed record UsageWrite(int Stored, int Removed);

/// <summary>
/// Table "UsageChunks". PartitionKey = "{tenantId}|{initiativeId}", RowKey = "c|{nn}" with nn = 00–63, the
/// chunk of the person: FNV-1a of their aadObjectId (UTF-16 code units) mod 64. A chunk row holds every
/// week of every person of the initiative in that chunk, packed (<see cref="UsageWeekChunk"/>): a year of
/// 10,000 people (150,000 active person-weeks) is 64 rows of ~4 KB, so the figures read the whole
/// initiative in one range scan of a partition, one person's own weeks are one point read, and an import
/// rewrites the chunks it changes.
/// </summary>
/// <remarks>
/// <para>
/// There are no rollups: the figures are worked out from the packed rows and the directory as it is now
/// on every read (fast enough for 10,000 people × 52 weeks), so a person who changes department is
/// counted in their new department at once, in every week, and nothing needs to be kept in step.
/// </para>
/// <para>
/// An import replaces some weeks: it reads every chunk of the initiative, changes them in memory and
/// writes the changed chunks with If-Match on the ETags it read (new chunks with insert), in as few
/// entity-group transactions as fit (100 rows, ~3.5 MB each; one for 10,000 people × 52 weeks). When
/// another instance wrote a chunk meanwhile (412/409) the whole read-change-write is repeated on fresh
/// rows, so concurrent imports of one initiative never lose each other's weeks. When an import needs
/// several transactions and a later one fails, the earlier ones are put back (If-Match on the ETags
/// they produced) before the error or the retry; only if that fails too (storage gone mid-import) can
/// part of an import remain, which is logged as an error.
/// </para>
/// </remarks>
public sealed class UsageWeekRepository(Tables tables, ILogger<UsageWeekRepository> logger)
{
    public const string TableName = "UsageChunks";
    public const int Chunks = 64;
    public const int MaxBatch = 100;
    /// <summary>A transaction's body may be 4 MiB; this leaves room for headers and the envelope.</summary>
    private const long MaxBatchBytes = 3_500_000;
    private const string ChunkPrefix = "c|";
    // '}' sorts right after '|', so "x|" .. "x}" is exactly every key starting with "x|".
    private const char AfterSeparator = '}';

    private static readonly ConflictRetry Retry = new(maxAttempts: 10, TimeSpan.FromMilliseconds(50), DelayBackoffType.Exponential,
        e => e.IsPreconditionFailed() || e.IsConflict());

    private TableClient Table => tables.Get(TableName);

    public static string PartitionKeyOf(string tenantId, string initiativeId) => tenantId + "|" + initiativeId;

    public static string ChunkKeyOf(string personId)
    {
        var hash = 2166136261u;
        foreach (var c in personId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }
        return ChunkPrefix + (hash % Chunks).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>Everyone's stored weeks of the initiative, oldest first per person.</summary>
    public async Task<IReadOnlyList<UsageHistory>> ReadAsync(string tenantId, string initiativeId, CancellationToken ct) =>
        (await ReadChunksAsync(PartitionKeyOf(tenantId, initiativeId), ct)).Values.SelectMany(c => c.Chunk.People.Values).Where(p => p.Entries.Count > 0).ToList();

    /// <summary>Everyone's weeks of the initiative from <paramref name="fromWeek"/> on, oldest first.</summary>
    public async Task<IReadOnlyList<UsageWeek>> ListFromAsync(string tenantId, string initiativeId, DateOnly fromWeek, CancellationToken ct)
    {
        var from = UsageWeekEntry.WeekOf(UsageWeek.MondayOf(fromWeek));
        return (await ReadAsync(tenantId, initiativeId, ct))
            .SelectMany(p => p.Weeks.Where(w => w.Week >= from).Select(w => p.ToWeek(tenantId, initiativeId, w)))
            .OrderBy(u => u.WeekStart).ThenBy(u => u.PersonId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>One person's weeks of the initiative, oldest first.</summary>
    public async Task<IReadOnlyList<UsageWeek>> ListPersonAsync(string tenantId, string initiativeId, string personId, CancellationToken ct)
    {
        var row = await Table.FindAsync<TableEntity>(PartitionKeyOf(tenantId, initiativeId), ChunkKeyOf(personId), ct);
        return row is not null && UsageWeekChunk.Decode(row).People.TryGetValue(personId, out var person)
            ? person.Weeks.Select(w => person.ToWeek(tenantId, initiativeId, w)).ToList()
            : [];
    }

    /// <summary>
    /// Every week of the person in every initiative of the tenant, for a personal-data export: the person's
    /// chunk row of each of the tenant's initiatives.
    /// </summary>
    public async Task<IReadOnlyList<UsageWeek>> ListPersonEverywhereAsync(string tenantId, string personId, CancellationToken ct)
    {
        var list = new List<UsageWeek>();
        foreach (var row in await PersonRowsAsync(tenantId, personId, ct))
        {
            if (UsageWeekChunk.Decode(row).People.TryGetValue(personId, out var person))
            {
                var initiativeId = row.PartitionKey[(tenantId.Length + 1)..];
                list.AddRange(person.Weeks.Select(w => person.ToWeek(tenantId, initiativeId, w)));
            }
        }
        return list;
    }

    /// <summary>Deletes every week of the person in the tenant; safe to repeat. Returns the person-weeks deleted.</summary>
    public async Task<int> DeletePersonAsync(string tenantId, string personId, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var partition in (await PersonRowsAsync(tenantId, personId, ct)).Select(r => r.PartitionKey))
        {
            deleted += await Retry.RunAsync(async (_, token) =>
            {
                var row = await Table.FindAsync<TableEntity>(partition, ChunkKeyOf(personId), token);
                if (row is null)
                {
                    return 0;
                }
                var chunk = UsageWeekChunk.Decode(row);
                if (!chunk.People.Remove(personId, out var person))
                {
                    return 0;
                }
                if (chunk.Encode(row.PartitionKey, row.RowKey) is { } rest)
                {
                    await Table.UpdateEntityAsync(rest, row.ETag, TableUpdateMode.Replace, token);
                }
                else
                {
                    await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, token);
                }
                return person.Entries.Count;
            }, ct);
        }
        return deleted;
    }

    private async Task<List<TableEntity>> PersonRowsAsync(string tenantId, string personId, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {tenantId + "|"} and PartitionKey lt {tenantId + AfterSeparator} and RowKey eq {ChunkKeyOf(personId)}");
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            rows.Add(row);
        }
        return rows;
    }

    private async Task<Dictionary<string, (TableEntity Row, UsageWeekChunk Chunk)>> ReadChunksAsync(string partition, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {ChunkPrefix} and RowKey lt {"c" + AfterSeparator}");
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            rows.Add(row);
        }
        // Inflating is the CPU part of a read; the chunks are independent.
        var chunks = new (TableEntity, UsageWeekChunk)[rows.Count];
        Parallel.For(0, rows.Count, i => chunks[i] = (rows[i], UsageWeekChunk.Decode(rows[i])));
        return chunks.ToDictionary(c => c.Item1.RowKey, StringComparer.Ordinal);
    }

    /// <summary>
    /// Makes <paramref name="weeks"/> of the initiative hold exactly <paramref name="usage"/>: person-weeks in
    /// those weeks that the new rows do not name are removed. Every row must be in one of the weeks.
    /// </summary>
    public async Task<UsageWrite> ReplaceWeeksAsync(string tenantId, string initiativeId, IReadOnlyCollection<DateOnly> weeks,
        IReadOnlyList<UsageWeek> usage, CancellationToken ct)
    {
        var partition = PartitionKeyOf(tenantId, initiativeId);
        if (usage.Any(u => PartitionKeyOf(u.TenantId, u.InitiativeId) != partition || !weeks.Contains(u.WeekStart)
            || u.ActiveDays is < 0 or > 7 || u.LastActive < u.WeekStart || u.LastActive > u.WeekStart.AddDays(6)))
        {
            throw new ArgumentException("Every row belongs to the initiative and to one of the replaced weeks, with 0–7 days and its last day in the week.", nameof(usage));
        }
        var replaced = weeks.Select(w => UsageWeekEntry.WeekOf(UsageWeek.MondayOf(w))).ToHashSet();
        var byChunk = usage.GroupBy(u => ChunkKeyOf(u.PersonId)).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        return await Retry.RunAsync((attempt, token) => ReplaceOnceAsync(partition, replaced, byChunk, usage.Count, attempt, token), ct);
    }

    private async Task<UsageWrite> ReplaceOnceAsync(string partition, HashSet<int> replaced, Dictionary<string, List<UsageWeek>> byChunk,
        int stored, int attempt, CancellationToken ct)
    {
        if (attempt > 0)
        {
            logger.LogInformation("Usage import for {Partition} met another writer; attempt {Attempt} on fresh rows", partition, attempt + 1);
        }
        var current = await ReadChunksAsync(partition, ct);
        var actions = new List<TableTransactionAction>();
        var removed = 0;
        foreach (var key in current.Keys.Union(byChunk.Keys).Order(StringComparer.Ordinal))
        {
            var exists = current.TryGetValue(key, out var old);
            var chunk = exists ? old.Chunk : new UsageWeekChunk();
            var incoming = byChunk.GetValueOrDefault(key) ?? [];
            var named = incoming.Select(u => (u.PersonId, UsageWeekEntry.WeekOf(u.WeekStart))).ToHashSet();
            var changed = incoming.Count > 0;
            foreach (var person in chunk.People.Values)
            {
                var before = person.Entries.Count;
                removed += person.Entries.Count(e => replaced.Contains(e.Week) && !named.Contains((person.PersonId, e.Week)));
                person.Entries.RemoveAll(e => replaced.Contains(e.Week));
                changed |= person.Entries.Count != before;
            }
            if (!changed)
            {
                continue;
            }
            foreach (var u in incoming)
            {
                var entries = chunk.PersonOrNew(u.PersonId).Entries;
                var week = UsageWeekEntry.WeekOf(u.WeekStart);
                var entry = new UsageWeekEntry(week, (byte)u.ActiveDays, (byte)(u.LastActive.DayNumber - u.WeekStart.DayNumber), u.Uses ?? -1,
                    chunk.StampOf(u.Source, u.ReceivedAt));
                var at = entries.FindIndex(e => e.Week >= week);
                if (at < 0)
                {
                    entries.Add(entry);
                }
                else if (entries[at].Week == week)
                {
                    // The same person-week twice in one import: the later row wins, as an upsert did.
                    entries[at] = entry;
                }
                else
                {
                    entries.Insert(at, entry);
                }
            }
            var row = chunk.Encode(partition, key);
            actions.Add(row is null
                ? new TableTransactionAction(TableTransactionActionType.Delete, old.Row, old.Row.ETag)
                : exists
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, old.Row.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, row));
        }
        await WriteAsync(partition, actions, current.ToDictionary(c => c.Key, c => c.Value.Row, StringComparer.Ordinal), ct);
        return new UsageWrite(stored, removed);
    }

    /// <summary>Writes the changed chunks in as few transactions as fit; undoes the earlier ones when a later one fails.</summary>
    private async Task WriteAsync(string partition, List<TableTransactionAction> actions, Dictionary<string, TableEntity> before, CancellationToken ct)
    {
        var batches = new List<List<TableTransactionAction>>();
        long bytes = 0;
        foreach (var action in actions)
        {
            var size = action.Entity is TableEntity e ? UsageWeekChunk.WireBytes(e) : 1024;
            if (batches.Count == 0 || batches[^1].Count == MaxBatch || bytes + size > MaxBatchBytes)
            {
                batches.Add([]);
                bytes = 0;
            }
            batches[^1].Add(action);
            bytes += size;
        }
        var done = new List<(TableTransactionAction Action, ETag Written)>();
        try
        {
            foreach (var batch in batches)
            {
                var responses = (await Table.SubmitTransactionAsync(batch, ct)).Value;
                done.AddRange(batch.Select((a, i) => (a, responses[i].Headers.ETag ?? ETag.All)));
            }
        }
        catch (Exception e) when (done.Count > 0)
        {
            logger.LogWarning(e, "Usage import for {Partition} failed after {Written} of {Rows} chunk rows; undoing them", partition, done.Count, actions.Count);
            await UndoAsync(partition, done, before);
            throw;
        }
    }

    private async Task UndoAsync(string partition, List<(TableTransactionAction Action, ETag Written)> done, Dictionary<string, TableEntity> before)
    {
        foreach (var (action, written) in done)
        {
            var key = action.Entity.RowKey;
            try
            {
                // Not the caller's token: a cancelled request must not leave half an import behind.
                if (action.ActionType == TableTransactionActionType.Delete)
                {
                    var old = before[key];
                    await Table.AddEntityAsync(Copy(old), CancellationToken.None);
                }
                else if (before.TryGetValue(key, out var old))
                {
                    await Table.UpdateEntityAsync(Copy(old), written, TableUpdateMode.Replace, CancellationToken.None);
                }
                else
                {
                    await Table.DeleteEntityAsync(partition, key, written, CancellationToken.None);
                }
            }
            catch (RequestFailedException e)
            {
                logger.LogError(e, "Could not undo usage chunk {RowKey} of a failed import in {Partition}; it remains as written", key, partition);
            }
        }
    }

    /// <summary>The row's own properties, without what the service added (ETag, Timestamp).</summary>
    private static TableEntity Copy(TableEntity row)
    {
        var copy = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in row)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            {
                copy[name] = value;
            }
        }
        return copy;
    }
}
