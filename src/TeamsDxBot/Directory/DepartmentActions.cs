using Newtonsoft.Json.Linq;
using TeamsDxBot.Audit;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>Add, rename, set the time zone of, archive and restore departments; each answers with the updated list.</summary>
public sealed class DepartmentActions(DepartmentService service, DepartmentRepository departments, PersonRepository people, IAuditLog audit) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(DirectoryCards.AddDepartmentVerb, Role.Promoter, AddAsync),
        new(DirectoryCards.RenameDepartmentVerb, Role.Promoter, RenameAsync),
        new(DirectoryCards.DepartmentTimeZoneVerb, Role.Promoter, SetTimeZoneAsync),
        new(DirectoryCards.ArchiveDepartmentVerb, Role.Promoter, ArchiveAsync),
        new(DirectoryCards.RestoreDepartmentVerb, Role.Promoter, RestoreAsync),
    ];

    private async Task AddAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        await FinishAsync(request, await service.CreateAsync(request.User, data.String("name") ?? "", ct),
            AuditAction.DepartmentAdded, () => Task.FromResult(data.String("name")?.Trim() ?? ""), ct);

    private async Task RenameAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        await FinishAsync(request, data.String("departmentId") is { Length: > 0 } id
                ? await service.RenameAsync(request.User, id, data.String("newName") ?? "", ct)
                : (null, nameof(Strings.Departments_PickOne)),
            AuditAction.DepartmentRenamed, () => Task.FromResult(data.String("newName")?.Trim() ?? ""), ct);

    private async Task SetTimeZoneAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var id = data.String("departmentId");
        await FinishAsync(request, !string.IsNullOrEmpty(id)
                ? await service.SetTimeZoneAsync(request.User, id, data.String("timeZone"), ct)
                : (null, nameof(Strings.Departments_PickOne)),
            AuditAction.DepartmentTimeZoneSet, async () => await NameAsync(request.TenantId, id, ct) + " " + data.String("timeZone"), ct);
    }

    private async Task ArchiveAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var id = data.String("departmentId");
        await FinishAsync(request, !string.IsNullOrEmpty(id)
                ? await service.SetArchivedAsync(request.User, id, true, ct)
                : (null, nameof(Strings.Departments_PickOne)),
            AuditAction.DepartmentArchived, () => NameAsync(request.TenantId, id, ct), ct);
    }

    private async Task RestoreAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var id = data.String("archivedId");
        await FinishAsync(request, !string.IsNullOrEmpty(id)
                ? await service.SetArchivedAsync(request.User, id, false, ct)
                : (null, nameof(Strings.Departments_PickOne)),
            AuditAction.DepartmentRestored, () => NameAsync(request.TenantId, id, ct), ct);
    }

    /// <param name="outcome">The change's result, or the message key of what was missing on the card.</param>
    private async Task FinishAsync(TurnRequest request, (DepartmentChange? Result, string? Error) outcome, AuditAction action, Func<Task<string>> auditTarget, CancellationToken ct)
    {
        var (result, error) = outcome;
        if (error is not null || result != DepartmentChange.Done)
        {
            await request.ReplyAsync(request.T[error ?? DirectoryMessages.For(result!.Value)], ct);
            return;
        }
        var target = await auditTarget();
        await audit.RecordAsync(request.User, action, target, ct);
        await request.ReplaceSubmittedCardAsync(DirectoryCards.Departments(request.T,
            await departments.ListAsync(request.TenantId, ct), await people.ListAsync(request.TenantId, ct), isPromoter: true), ct);
        await request.ReplyAsync(request.T.Format(DoneMessage(action), target), ct);
    }

    /// <summary>What the promoter reads after a change: what was done, to which department.</summary>
    private static string DoneMessage(AuditAction action) => action switch
    {
        AuditAction.DepartmentAdded => nameof(Strings.Department_AddedDone),
        AuditAction.DepartmentRenamed => nameof(Strings.Department_RenamedDone),
        AuditAction.DepartmentTimeZoneSet => nameof(Strings.Department_TimeZoneDone),
        AuditAction.DepartmentArchived => nameof(Strings.Department_ArchivedDone),
        AuditAction.DepartmentRestored => nameof(Strings.Department_RestoredDone),
        _ => nameof(Strings.Common_Done),
    };

    private async Task<string> NameAsync(string tenantId, string? id, CancellationToken ct) =>
        (await departments.GetAsync(tenantId, id ?? "", ct))?.Name ?? "";
}
