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
        (await Table.FindAsync<TableEntity>(Partition(tenantId, run.Id, PulseKeys.Shard(respondentKey, run.Shards)), ResponsePrefix + respondentKey, ct)) is { } e
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
                return await WriteAsync(partition, responses, questions, new Dictionary<string, TableEntity>(StringComparer.Ordinal), rollups, ct);
            }
            catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed())
            {
                // Someone is changing an answer, or another instance wrote here: nothing was stored; read and apply as usual.
            }
        }
        known.TryRemove(partition, out _);

        var keys = responses.Select(r => ResponsePrefix + r.RespondentKey).ToHashSet(StringComparer.Ordinal);
        var existing = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var read = new Dictionary<string, StoredRollup>(StringComparer.Ordinal);
        var filter = $"PartitionKey eq '{partition}' and (" + string.Join(" or ", keys.Select(k => $"RowKey eq '{Escape(k)}'")
            .Append($"(RowKey ge '{RollupPrefix}' and RowKey lt 'agg}}')")) + ")";
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (e.RowKey.StartsWith(RollupPrefix, StringComparison.Ordinal))
            {
                read[e.RowKey] = new StoredRollup(e.GetString("Tally"), e.ETag);
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
        IReadOnlyDictionary<string, TableEntity> existing, IReadOnlyDictionary<string, StoredRollup> rollups, CancellationToken ct)
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
            var entity = new TableEntity(partition, key) { ["Tally"] = json };
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
        await foreach (var e in Table.QueryAsync<TableEntity>(RunFilter(tenantId, runId, RollupPrefix), select: ["RowKey", "Tally"], cancellationToken: ct))
        {
            var department = e.RowKey[RollupPrefix.Length..];
            result.For(department == "-" ? "" : department).Merge(RunTally.Deserialize(e.GetString("Tally")));
        }
        return result;
    }

    /// <summary>Every response of a run (export, recount); this reads as many rows as there are answers.</summary>
    public async Task<IReadOnlyList<PulseResponse>> ListAsync(string tenantId, string runId, CancellationToken ct)
    {
        var result = new List<PulseResponse>();
        await foreach (var e in Table.QueryAsync<TableEntity>(RunFilter(tenantId, runId, ResponsePrefix), cancellationToken: ct))
        {
            result.Add(ToResponse(e));
        }
        return result;
    }

    public async Task<IReadOnlySet<string>> RespondentKeysAsync(string tenantId, string runId, CancellationToken ct)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<TableEntity>(RunFilter(tenantId, runId, ResponsePrefix), select: ["RowKey"], cancellationToken: ct))
        {
            result.Add(e.RowKey[ResponsePrefix.Length..]);
        }
        return result;
    }

    private static string RunFilter(string tenantId, string runId, string rowPrefix)
    {
        var low = $"{tenantId}|{runId}|";
        var high = $"{tenantId}|{runId}}}";
        var rowHigh = rowPrefix[..^1] + "}";
        return $"PartitionKey ge '{Escape(low)}' and PartitionKey lt '{Escape(high)}' and RowKey ge '{Escape(rowPrefix)}' and RowKey lt '{Escape(rowHigh)}'";
    }

    private static string Escape(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    private static TableEntity ToEntity(string partition, PulseResponse r) => new(partition, ResponsePrefix + r.RespondentKey)
    {
        ["DepartmentId"] = r.DepartmentId,
        ["AadObjectId"] = r.AadObjectId,
        ["Name"] = r.Name,
        ["Answers"] = JsonSerializer.Serialize(r.Answers),
        ["AnsweredAt"] = r.AnsweredAt,
        ["Version"] = r.Version,
    };

    private static PulseResponse ToResponse(TableEntity e) => new()
    {
        RespondentKey = e.RowKey[ResponsePrefix.Length..],
        DepartmentId = e.GetString("DepartmentId") ?? "",
        AadObjectId = e.GetString("AadObjectId"),
        Name = e.GetString("Name"),
        Answers = JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString("Answers") ?? "{}") ?? [],
        AnsweredAt = e.GetDateTimeOffset("AnsweredAt") ?? default,
        Version = e.GetInt32("Version") ?? 1,
    };
}
