using System.Globalization;
using Azure.Data.Tables;
using TeamsDxBot.Directory;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Audit;

/// <summary>The privileged actions the audit log records; the name is the stored action code.</summary>
public enum AuditAction
{
    RoleGranted,
    RoleRevoked,
    PersonDepartmentSet,
    DepartmentAdded,
    DepartmentRenamed,
    DepartmentArchived,
    DepartmentRestored,
    DepartmentTimeZoneSet,
    RosterImported,
    InitiativeCreated,
    InitiativeUpdated,
    PulseSettingsChanged,
    BroadcastSent,
    BroadcastScheduled,
    BroadcastCancelled,
    CsvExported,
    ApiKeyIssued,
    ApiKeyRevoked,
    PersonExported,
    PersonDeleted,
}

/// <summary>
/// One privileged action: who (object id and the name they had then), when, what, and on what. The
/// target is a short description (a name, a title, a count), never survey answers.
/// </summary>
public sealed record AuditEntry(string Id, DateTimeOffset At, string ActorId, string ActorName, string Action, string Target, string? SubjectId);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? Next);

public interface IAuditLog
{
    /// <param name="subjectId">The person the action was about, so their data export and deletion find it.</param>
    Task RecordAsync(UserContext actor, AuditAction action, string target, CancellationToken ct, string? subjectId = null);

    /// <summary>Newest first; <paramref name="after"/> is the <see cref="AuditPage.Next"/> of the page before.</summary>
    Task<AuditPage> ReadAsync(string tenantId, string? after, int count, CancellationToken ct);

    /// <summary>Entries done by or about one person, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> AboutAsync(string tenantId, string aadObjectId, CancellationToken ct);

    /// <summary>Replaces the person's id and name in entries by or about them; the entries themselves stay.</summary>
    Task<int> AnonymizeAsync(string tenantId, string aadObjectId, string placeholder, CancellationToken ct);
}

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
        var entity = new TableEntity(actor.Person.TenantId, RowKey(at, Guid.NewGuid()))
        {
            ["At"] = at,
            ["ActorId"] = actor.Person.AadObjectId,
            ["ActorName"] = actor.Person.DisplayName,
            ["Action"] = action.ToString(),
            ["Target"] = target.Length > MaxTargetLength ? target[..MaxTargetLength] : target,
            ["SubjectId"] = subjectId,
        };
        await Table.AddEntityAsync(entity, ct);
        logger.LogInformation("Audit {Action} by {Actor} on {Target}", action, actor.Person.AadObjectId, entity["Target"]);
    }

    public async Task<AuditPage> ReadAsync(string tenantId, string? after, int count, CancellationToken ct)
    {
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey gt {after}");
        var entries = new List<AuditEntry>();
        // One more than asked tells whether an older page exists.
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, maxPerPage: count + 1, cancellationToken: ct))
        {
            entries.Add(ToEntry(e));
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
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            result.Add(ToEntry(e));
        }
        return result;
    }

    public async Task<int> AnonymizeAsync(string tenantId, string aadObjectId, string placeholder, CancellationToken ct)
    {
        var changed = 0;
        foreach (var entry in await AboutAsync(tenantId, aadObjectId, ct))
        {
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

    private static AuditEntry ToEntry(TableEntity e) => new(e.RowKey, e.GetDateTimeOffset("At") ?? default, e.GetString("ActorId") ?? "",
        e.GetString("ActorName") ?? "", e.GetString("Action") ?? "", e.GetString("Target") ?? "", e.GetString("SubjectId"));
}

/// <summary>Which audit action a card verb of another feature stands for.</summary>
public static class AuditActions
{
    public static AuditAction ForDepartment(string verb) => verb switch
    {
        DirectoryCards.AddDepartmentVerb => AuditAction.DepartmentAdded,
        DirectoryCards.RenameDepartmentVerb => AuditAction.DepartmentRenamed,
        DirectoryCards.ArchiveDepartmentVerb => AuditAction.DepartmentArchived,
        DirectoryCards.DepartmentTimeZoneVerb => AuditAction.DepartmentTimeZoneSet,
        _ => AuditAction.DepartmentRestored,
    };

    /// <summary>"Name: Role Department" (either part may be missing).</summary>
    public static string RoleTarget(string personName, string? role, string? departmentName) =>
        $"{personName}: {string.Join(' ', new[] { role, departmentName }.Where(p => !string.IsNullOrEmpty(p)))}";

    public static AuditAction ForRole(string verb) => verb switch
    {
        DirectoryCards.GrantRoleVerb => AuditAction.RoleGranted,
        DirectoryCards.RevokeRoleVerb => AuditAction.RoleRevoked,
        _ => AuditAction.PersonDepartmentSet,
    };
}
