using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Nudges;

public sealed record NudgeLogEntry(string Rule, string AadObjectId, string Name, string Period, DateTimeOffset SentAt);

/// <summary>
/// Table "NudgeLog". PartitionKey = tenant id, RowKey = "{rule}|{aadObjectId}|{period}": inserting the
/// row claims the nudge, so one rule nudges one person at most once per period on any instance.
/// </summary>
public sealed class NudgeLog(Tables tables)
{
    public const string TableName = "NudgeLog";

    private TableClient Table => tables.Get(TableName);

    // A property bag for a key-only select: only whether the row exists matters.
    public async Task<bool> IsLoggedAsync(string tenantId, string rule, string aadObjectId, string period, CancellationToken ct) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, $"{rule}|{aadObjectId}|{period}", select: ["RowKey"], cancellationToken: ct)).HasValue;

    public async Task<bool> TryClaimAsync(string tenantId, NudgeLogEntry entry, CancellationToken ct)
    {
        try
        {
            await Table.AddEntityAsync(new LogEntity
            {
                PartitionKey = tenantId,
                RowKey = $"{entry.Rule}|{entry.AadObjectId}|{entry.Period}",
                Rule = entry.Rule,
                AadObjectId = entry.AadObjectId,
                Name = entry.Name,
                Period = entry.Period,
                SentAt = entry.SentAt,
            }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<NudgeLogEntry>> RecentAsync(string tenantId, DateTimeOffset since, int count, CancellationToken ct)
    {
        var result = new List<NudgeLogEntry>();
        await foreach (var e in Table.QueryAsync<LogEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and SentAt ge {since}"), cancellationToken: ct))
        {
            result.Add(new NudgeLogEntry(e.Rule ?? "", e.AadObjectId ?? "", e.Name ?? "", e.Period ?? "", e.SentAt ?? default));
        }
        return result.OrderByDescending(e => e.SentAt).Take(count).ToList();
    }

    private sealed class LogEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? Rule { get; set; }
        public string? AadObjectId { get; set; }
        public string? Name { get; set; }
        public string? Period { get; set; }
        public DateTimeOffset? SentAt { get; set; }
    }
}

/// <summary>
/// Table "NudgeCaps". PartitionKey = "{tenantId}|{aadObjectId}", RowKey = "{yyyy-MM-dd}|{slot}": a
/// person's nudges of one day each take one numbered slot, so the daily cap holds across instances.
/// </summary>
public sealed class NudgeCaps(Tables tables)
{
    public const string TableName = "NudgeCaps";

    private TableClient Table => tables.Get(TableName);

    public async Task<string?> TryTakeSlotAsync(string tenantId, string aadObjectId, DateOnly day, int cap, CancellationToken ct)
    {
        for (var slot = 1; slot <= cap; slot++)
        {
            var key = $"{day:yyyy-MM-dd}|{slot}";
            try
            {
                // A property bag on purpose: a slot is only its keys, it has no columns.
                await Table.AddEntityAsync(new TableEntity($"{tenantId}|{aadObjectId}", key), ct);
                return key;
            }
            catch (RequestFailedException e) when (e.IsConflict())
            {
            }
        }
        return null;
    }

    public async Task ReleaseAsync(string tenantId, string aadObjectId, string slot, CancellationToken ct) =>
        await Table.DeleteEntityAsync($"{tenantId}|{aadObjectId}", slot, ETag.All, ct);
}

/// <summary>Table "NudgeRules". PartitionKey = tenant id, RowKey = rule key; no row = the rule is on.</summary>
public sealed class NudgeSwitches(Tables tables)
{
    public const string TableName = "NudgeRules";

    private TableClient Table => tables.Get(TableName);

    public async Task<IReadOnlySet<string>> OffAsync(string tenantId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<SwitchEntity>(tenantId, ct)).Where(e => e.Enabled == false).Select(e => e.RowKey).ToHashSet();

    public async Task SetAsync(string tenantId, string rule, bool enabled, string by, DateTimeOffset at, CancellationToken ct) =>
        await Table.UpsertEntityAsync(new SwitchEntity { PartitionKey = tenantId, RowKey = rule, Enabled = enabled, ChangedBy = by, ChangedAt = at }, TableUpdateMode.Replace, ct);

    private sealed class SwitchEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public bool? Enabled { get; set; }
        public string? ChangedBy { get; set; }
        public DateTimeOffset? ChangedAt { get; set; }
    }
}
