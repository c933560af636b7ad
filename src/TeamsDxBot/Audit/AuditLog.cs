using System.Globalization;
using Azure.Data.Tables;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Audit;

/// <summary>
/// Table "AuditLog". PartitionKey = tenant id, RowKey = "{DateTimeOffset.MaxValue ticks − UTC ticks of
/// the action, 19 digits}|{32 hex digits, random}": rows of a partition come back in RowKey order, so a
/// tenant's log reads newest first and a page continues after the last RowKey shown. The random suffix
/// keeps two actions in the same tick apart.
/// </summary>
public sealed class AuditLog(Tables tables, TimeProvider time, ILogger<AuditLog> logger) : IAuditLog
{
    public const string TableName = "AuditLog";

    public const int MaxTargetLength = 200;

    private TableClient Table => tables.Get(TableName);

    public static string RowKey(DateTimeOffset at, Guid suffix) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + suffix.ToString("N");

    public async Task RecordAsync(UserContext actor, AuditAction action, string target, CancellationToken ct, string? subjectId = null)
    {
        var at = time.GetUtcNow();
        var entity = new AuditEntity
        {
            PartitionKey = actor.Person.TenantId,
            RowKey = RowKey(at, Guid.NewGuid()),
            At = at,
            ActorId = actor.Person.AadObjectId,
            ActorName = actor.Person.DisplayName,
            Action = action.ToString(),
            Target = target.Length > MaxTargetLength ? target[..MaxTargetLength] : target,
            SubjectId = subjectId,
        };
        await Table.AddEntityAsync(entity, ct);
        logger.LogInformation("Audit {Action} by {Actor} on {Target}", action, actor.Person.AadObjectId, entity.Target);
    }

    public async Task<AuditPage> ReadAsync(string tenantId, string? after, int count, CancellationToken ct)
    {
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {after}");
        var entries = new List<AuditEntry>();
        // One more than asked tells whether an older page exists.
        await foreach (var e in Table.QueryAsync<AuditEntity>(filter, maxPerPage: count + 1, cancellationToken: ct))
        {
            entries.Add(e.ToEntry());
            if (entries.Count > count)
            {
                break;
            }
        }
        return entries.Count > count ? new AuditPage(entries[..count], entries[count - 1].Id) : new AuditPage(entries, null);
    }

    public async Task<IReadOnlyList<AuditEntry>> AboutAsync(string tenantId, string aadObjectId, CancellationToken ct)
    {
        var result = new List<AuditEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and (ActorId eq {aadObjectId} or SubjectId eq {aadObjectId})");
        await foreach (var e in Table.QueryAsync<AuditEntity>(filter, cancellationToken: ct))
        {
            result.Add(e.ToEntry());
        }
        return result;
    }

    public async Task<int> AnonymizeAsync(string tenantId, string aadObjectId, string placeholder, CancellationToken ct)
    {
        var changed = 0;
        foreach (var entry in await AboutAsync(tenantId, aadObjectId, ct))
        {
            // A property bag on purpose: a merge of only the columns that name the person.
            var patch = new TableEntity(tenantId, entry.Id);
            if (entry.ActorId == aadObjectId)
            {
                patch["ActorId"] = placeholder;
                patch["ActorName"] = placeholder;
            }
            if (entry.SubjectId == aadObjectId)
            {
                patch["SubjectId"] = placeholder;
                patch["Target"] = placeholder;
            }
            await Table.UpdateEntityAsync(patch, Azure.ETag.All, TableUpdateMode.Merge, ct);
            changed++;
        }
        return changed;
    }
}

internal sealed class AuditEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public Azure.ETag ETag { get; set; }
    public DateTimeOffset? At { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? Action { get; set; }
    public string? Target { get; set; }
    public string? SubjectId { get; set; }

    public AuditEntry ToEntry() => new(RowKey, At ?? default, ActorId ?? "", ActorName ?? "", Action ?? "", Target ?? "", SubjectId);
}
