using TeamsDxBot.Turns;

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
