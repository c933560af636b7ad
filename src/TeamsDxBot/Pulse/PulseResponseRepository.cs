using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Pulse;

/// <summary>
/// Table "PulseResponses". PartitionKey = "{tenantId}|{runId}|{shard:00}" where the shard comes from
/// the respondent key; RowKey = "r|{respondentKey}" for a response and "agg|{departmentId or -}" for
/// that shard's rollup of a department. A response and the rollup it changes share a partition, so
/// both are written in one transaction: the rollups always equal a recount of the responses.
/// </summary>
public sealed class PulseResponseRepository(Tables tables)
{
    public const string TableName = "PulseResponses";

    private const string ResponsePrefix = "r|";
    private const string RollupPrefix = "agg|";

    private TableClient Table => tables.Get(TableName);

    public static string Partition(string tenantId, string runId, int shard) => $"{tenantId}|{runId}|{shard:00}";

    private static string RollupKey(string departmentId) => RollupPrefix + (departmentId.Length == 0 ? "-" : departmentId);

    public async Task<PulseResponse?> GetAsync(string tenantId, PulseRun run, string respondentKey, CancellationToken ct) =>
        (await Table.FindAsync<PulseResponseEntity>(Partition(tenantId, run.Id, PulseKeys.Shard(respondentKey, run.Shards)), ResponsePrefix + respondentKey, ct)) is { } e
            ? ToResponse(e) : null;

    /// <summary>A partition's rollup row as last read or written here: its stored JSON and ETag.</summary>
    private sealed record StoredRollup(string? Tally, ETag ETag);

    // Partition → every rollup row it holds, as this instance last read or wrote them. Only a shortcut:
    // each write is still conditional, so anything stale fails the transaction and is read afresh.
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, StoredRollup>> known = new(StringComparer.Ordinal);

    private const int MaxKnownPartitions = 4096;

    /// <summary>
    /// Stores responses of one partition with their rollups in one transaction. Throws on 409/412 when
    /// another writer changed the partition meanwhile; the caller retries on fresh data.
    /// </summary>
    public async Task<IReadOnlyList<bool>> SaveAsync(string partition, IReadOnlyList<PulseResponse> responses, IReadOnlyList<PulseQuestion> questions, CancellationToken ct)
    {
        if (known.TryGetValue(partition, out var rollups))
        {
            // The partition's rollups are known from the last write here, and first answers are the
            // common case: write straight away (responses as inserts, rollups If-Match), no read.
            try
            {
                return await WriteAsync(partition, responses, questions, new Dictionary<string, PulseResponseEntity>(StringComparer.Ordinal), rollups, ct);
            }
            catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed())
            {
                // Someone is changing an answer, or another instance wrote here: nothing was stored; read and apply as usual.
            }
        }
        known.TryRemove(partition, out _);

        var keys = responses.Select(r => ResponsePrefix + r.RespondentKey).ToHashSet(StringComparer.Ordinal);
        var existing = new Dictionary<string, PulseResponseEntity>(StringComparer.Ordinal);
        var read = new Dictionary<string, StoredRollup>(StringComparer.Ordinal);
        var filter = $"PartitionKey eq '{partition}' and (" + string.Join(" or ", keys.Select(k => $"RowKey eq '{Escape(k)}'")
            .Append($"(RowKey ge '{RollupPrefix}' and RowKey lt 'agg}}')")) + ")";
        await foreach (var e in Table.QueryAsync<PulseResponseEntity>(filter, cancellationToken: ct))
        {
            if (e.RowKey.StartsWith(RollupPrefix, StringComparison.Ordinal))
            {
                read[e.RowKey] = new StoredRollup(e.Tally, e.ETag);
            }
            else
            {
                existing[e.RowKey] = e;
            }
        }
        return await WriteAsync(partition, responses, questions, existing, read, ct);
    }

    /// <param name="existing">The stored responses among these respondents' (the others are inserted).</param>
    /// <param name="rollups">Every rollup row of the partition (the others are inserted).</param>
    private async Task<IReadOnlyList<bool>> WriteAsync(string partition, IReadOnlyList<PulseResponse> responses, IReadOnlyList<PulseQuestion> questions,
        IReadOnlyDictionary<string, PulseResponseEntity> existing, IReadOnlyDictionary<string, StoredRollup> rollups, CancellationToken ct)
    {
        var tallies = new Dictionary<string, Tally>(StringComparer.Ordinal);
        Tally RollupOf(string departmentId)
        {
            var key = RollupKey(departmentId);
            return tallies.TryGetValue(key, out var t) ? t : tallies[key] = RunTally.Deserialize(rollups.GetValueOrDefault(key)?.Tally);
        }

        var actions = new List<TableTransactionAction>();
        var replaced = new List<bool>();
        foreach (var response in responses)
        {
            var rowKey = ResponsePrefix + response.RespondentKey;
            var old = existing.TryGetValue(rowKey, out var oldEntity) ? ToResponse(oldEntity) : null;
            if (old is not null)
            {
                RollupOf(old.DepartmentId).Add(old, questions, -1);
            }
            var stored = response with { Version = (old?.Version ?? 0) + 1 };
            RollupOf(stored.DepartmentId).Add(stored, questions, +1);
            var entity = ToEntity(partition, stored);
            actions.Add(old is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entity)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, oldEntity!.ETag));
            replaced.Add(old is not null);
        }
        var written = new List<(string Key, string Tally, int Action)>();
        foreach (var (key, tally) in tallies)
        {
            var json = RunTally.Serialize(tally);
            var entity = new PulseResponseEntity { PartitionKey = partition, RowKey = key, Tally = json };
            written.Add((key, json, actions.Count));
            actions.Add(rollups.TryGetValue(key, out var current)
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, current.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, entity));
        }
        var results = (await Table.SubmitTransactionAsync(actions, ct)).Value;
        Remember(partition, rollups, written, results);
        return replaced;
    }

    private void Remember(string partition, IReadOnlyDictionary<string, StoredRollup> before, List<(string Key, string Tally, int Action)> written, IReadOnlyList<Response> results)
    {
        var after = new Dictionary<string, StoredRollup>(before, StringComparer.Ordinal);
        foreach (var (key, tally, action) in written)
        {
            if (action >= results.Count || results[action].Headers.ETag is not { } etag)
            {
                // Without the new ETag the next write reads the partition, as it always did.
                known.TryRemove(partition, out _);
                return;
            }
            after[key] = new StoredRollup(tally, etag);
        }
        if (known.Count >= MaxKnownPartitions)
        {
            known.Clear();
        }
        known[partition] = after;
    }

    /// <summary>The run's figures per department: the sum of every shard's rollups.</summary>
    public async Task<RunTally> ReadTallyAsync(string tenantId, string runId, CancellationToken ct)
    {
        var result = new RunTally();
        await foreach (var e in Table.QueryAsync<PulseResponseEntity>(RunFilter(tenantId, runId, RollupPrefix), select: ["RowKey", "Tally"], cancellationToken: ct))
        {
            var department = e.RowKey[RollupPrefix.Length..];
            result.For(department == "-" ? "" : department).Merge(RunTally.Deserialize(e.Tally));
        }
        return result;
    }

    /// <summary>Every response of a run (export, recount); this reads as many rows as there are answers.</summary>
    public async Task<IReadOnlyList<PulseResponse>> ListAsync(string tenantId, string runId, CancellationToken ct)
    {
        var result = new List<PulseResponse>();
        await foreach (var e in Table.QueryAsync<PulseResponseEntity>(RunFilter(tenantId, runId, ResponsePrefix), cancellationToken: ct))
        {
            result.Add(ToResponse(e));
        }
        return result;
    }

    public async Task<IReadOnlySet<string>> RespondentKeysAsync(string tenantId, string runId, CancellationToken ct)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<PulseResponseEntity>(RunFilter(tenantId, runId, ResponsePrefix), select: ["RowKey"], cancellationToken: ct))
        {
            result.Add(e.RowKey[ResponsePrefix.Length..]);
        }
        return result;
    }

    /// <summary>
    /// Retention: deletes the run's raw responses answered before <paramref name="cutoff"/> and the
    /// rollups' comments written before it. The rollups' counts stay as they are, so every figure built
    /// from them is unchanged. Deletes of rows already gone count as done, so a retry or a second
    /// instance only repeats what is left. Returns the responses this call deleted.
    /// </summary>
    public async Task<int> PurgeAsync(string tenantId, PulseRun run, DateTimeOffset cutoff, CancellationToken ct)
    {
        var deleted = 0;
        for (var shard = 0; shard < run.Shards; shard++)
        {
            var partition = Partition(tenantId, run.Id, shard);
            known.TryRemove(partition, out _);
            var old = new List<PulseResponseEntity>();
            await foreach (var e in Table.QueryAsync<PulseResponseEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: ct))
            {
                if (e.RowKey.StartsWith(RollupPrefix, StringComparison.Ordinal))
                {
                    await DropCommentsAsync(e, c => c.At < cutoff, ct);
                }
                else if ((e.AnsweredAt ?? default) < cutoff)
                {
                    old.Add(e);
                }
            }
            deleted += await DeleteAsync(old, ct);
            known.TryRemove(partition, out _);
        }
        return deleted;
    }

    /// <summary>
    /// Person deletion: removes the named (non-anonymous) responses stored under this person's id and
    /// their comments in the rollups; counts stay, so figures already reported do not move.
    /// </summary>
    public async Task<int> DeleteNamedAsync(string tenantId, string aadObjectId, CancellationToken ct)
    {
        var mine = await NamedRowsAsync(tenantId, aadObjectId, ct);
        foreach (var response in mine)
        {
            known.TryRemove(response.PartitionKey, out _);
            var rollups = Table.QueryAsync<PulseResponseEntity>(TableClient.CreateQueryFilter(
                $"PartitionKey eq {response.PartitionKey} and RowKey ge {RollupPrefix} and RowKey lt {"agg}"}"), cancellationToken: ct);
            var key = response.RowKey[ResponsePrefix.Length..];
            await foreach (var rollup in rollups)
            {
                await DropCommentsAsync(rollup, c => c.RespondentKey == key, ct);
            }
        }
        return await DeleteAsync(mine, ct);
    }

    /// <summary>Responses that carry this person's id (only named surveys store it), with their run.</summary>
    public async Task<IReadOnlyList<(string RunId, PulseResponse Response)>> NamedAsync(string tenantId, string aadObjectId, CancellationToken ct) =>
        (await NamedRowsAsync(tenantId, aadObjectId, ct))
            .Select(e => (e.PartitionKey.Split('|') is { Length: >= 3 } parts ? parts[1] : "", ToResponse(e))).ToList();

    private async Task<IReadOnlyList<PulseResponseEntity>> NamedRowsAsync(string tenantId, string aadObjectId, CancellationToken ct)
    {
        var result = new List<PulseResponseEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {tenantId + "|"} and PartitionKey lt {tenantId + "}"} and AadObjectId eq {aadObjectId}");
        await foreach (var e in Table.QueryAsync<PulseResponseEntity>(filter, cancellationToken: ct))
        {
            if (e.RowKey.StartsWith(ResponsePrefix, StringComparison.Ordinal))
            {
                result.Add(e);
            }
        }
        return result;
    }

    private async Task DropCommentsAsync(PulseResponseEntity rollup, Predicate<TallyComment> drop, CancellationToken ct)
    {
        await OptimisticConcurrency.RunAsync<bool>(async token =>
        {
            var current = await Table.GetEntityAsync<PulseResponseEntity>(rollup.PartitionKey, rollup.RowKey, cancellationToken: token);
            var tally = RunTally.Deserialize(current.Value.Tally);
            if (tally.Comments.RemoveAll(drop) == 0)
            {
                return false;
            }
            await Table.UpdateEntityAsync(new PulseResponseEntity { PartitionKey = rollup.PartitionKey, RowKey = rollup.RowKey, Tally = RunTally.Serialize(tally) },
                current.Value.ETag, TableUpdateMode.Replace, token);
            return true;
        }, ct);
    }

    private async Task<int> DeleteAsync(IReadOnlyList<PulseResponseEntity> rows, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var group in rows.GroupBy(r => r.PartitionKey))
        {
            foreach (var chunk in group.Chunk(100))
            {
                try
                {
                    await Table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), ct);
                    deleted += chunk.Length;
                }
                catch (TableTransactionFailedException e) when (e.IsNotFound())
                {
                    // Someone else deleted some of them meanwhile: the rest one by one.
                    foreach (var row in chunk)
                    {
                        try
                        {
                            await Table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
                            deleted++;
                        }
                        catch (RequestFailedException gone) when (gone.IsNotFound())
                        {
                        }
                    }
                }
            }
        }
        return deleted;
    }

    private static string RunFilter(string tenantId, string runId, string rowPrefix)
    {
        var low = $"{tenantId}|{runId}|";
        var high = $"{tenantId}|{runId}}}";
        var rowHigh = rowPrefix[..^1] + "}";
        return $"PartitionKey ge '{Escape(low)}' and PartitionKey lt '{Escape(high)}' and RowKey ge '{Escape(rowPrefix)}' and RowKey lt '{Escape(rowHigh)}'";
    }

    private static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    private static PulseResponseEntity ToEntity(string partition, PulseResponse r) => new()
    {
        PartitionKey = partition,
        RowKey = ResponsePrefix + r.RespondentKey,
        DepartmentId = r.DepartmentId,
        AadObjectId = r.AadObjectId,
        Name = r.Name,
        Answers = JsonSerializer.Serialize(r.Answers),
        AnsweredAt = r.AnsweredAt,
        Version = r.Version,
    };

    private static PulseResponse ToResponse(PulseResponseEntity e) => new()
    {
        RespondentKey = e.RowKey[ResponsePrefix.Length..],
        DepartmentId = e.DepartmentId ?? "",
        AadObjectId = e.AadObjectId,
        Name = e.Name,
        Answers = JsonSerializer.Deserialize<Dictionary<string, string>>(e.Answers ?? "{}") ?? [],
        AnsweredAt = e.AnsweredAt ?? default,
        Version = e.Version ?? 1,
    };
}
