using Newtonsoft.Json.Linq;
using TeamsDxBot.Audit;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

public sealed class DepartmentsCommand(DepartmentRepository departments, PersonRepository people)
    : ChatCommand("departments", nameof(Strings.Command_Departments), nameof(Strings.Command_DepartmentsHelp), Role.Staff, 40, "department", "dept"), IListManagedByPromoters
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(DirectoryCards.Departments(request.T,
            await departments.ListAsync(request.TenantId, ct), await people.ListAsync(request.TenantId, ct), request.User.IsPromoter), ct);
}

/// <summary>Add, rename, archive and restore departments; each answers with the updated list.</summary>
public sealed class DepartmentAction(string verb, DepartmentService service, DepartmentRepository departments, PersonRepository people, IAuditLog audit) : ICardAction
{
    public string Verb => verb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var departmentId = data.String("departmentId");
        var (result, error) = verb switch
        {
            DirectoryCards.AddDepartmentVerb => await service.CreateAsync(request.User, data.String("name") ?? "", ct),
            DirectoryCards.RenameDepartmentVerb when string.IsNullOrEmpty(departmentId) => (null, nameof(Strings.Departments_PickOne)),
            DirectoryCards.RenameDepartmentVerb => await service.RenameAsync(request.User, departmentId, data.String("newName") ?? "", ct),
            DirectoryCards.DepartmentTimeZoneVerb when string.IsNullOrEmpty(departmentId) => (null, nameof(Strings.Departments_PickOne)),
            DirectoryCards.DepartmentTimeZoneVerb => await service.SetTimeZoneAsync(request.User, departmentId, data.String("timeZone"), ct),
            DirectoryCards.ArchiveDepartmentVerb when string.IsNullOrEmpty(departmentId) => (null, nameof(Strings.Departments_PickOne)),
            DirectoryCards.ArchiveDepartmentVerb => await service.SetArchivedAsync(request.User, departmentId, true, ct),
            _ when string.IsNullOrEmpty(data.String("archivedId")) => (null, nameof(Strings.Departments_PickOne)),
            _ => await service.SetArchivedAsync(request.User, data.String("archivedId")!, false, ct),
        };
        if (error is not null || result != DepartmentChange.Done)
        {
            await request.ReplyAsync(request.T[error ?? DirectoryMessages.For(result!.Value)], ct);
            return;
        }
        await audit.RecordAsync(request.User, DirectoryAudit.ForDepartment(verb), await AuditTargetAsync(request.TenantId, data, ct), ct);
        await request.ReplaceSubmittedCardAsync(DirectoryCards.Departments(request.T,
            await departments.ListAsync(request.TenantId, ct), await people.ListAsync(request.TenantId, ct), isPromoter: true), ct);
        await request.ReplyAsync(request.T[nameof(Strings.Common_Done)], ct);
    }

    private async Task<string> AuditTargetAsync(string tenantId, JObject data, CancellationToken ct) => verb switch
    {
        DirectoryCards.AddDepartmentVerb => data.String("name")?.Trim() ?? "",
        DirectoryCards.RenameDepartmentVerb => data.String("newName")?.Trim() ?? "",
        _ => (await departments.GetAsync(tenantId, data.String("departmentId") is { Length: > 0 } id ? id : data.String("archivedId") ?? "", ct))?.Name
            + (verb == DirectoryCards.DepartmentTimeZoneVerb ? " " + data.String("timeZone") : ""),
    };
}

public sealed class RolesCommand(PersonRepository people, DepartmentRepository departments, Access access)
    : ChatCommand("roles", nameof(Strings.Command_Roles), nameof(Strings.Command_RolesHelp), Role.Promoter, 50, "role")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(DirectoryCards.Roles(request.T,
            await people.ListAsync(request.TenantId, ct), await departments.ListAsync(request.TenantId, ct), access), ct);
}

/// <summary>Grant or remove a role, or correct someone's department, from the roles card.</summary>
public sealed class RoleAction(string verb, DirectoryService directory, PersonRepository people, DepartmentRepository departments, Access access, IAuditLog audit) : ICardAction
{
    public string Verb => verb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var matches = await directory.FindAsync(request.TenantId, data.String("person") ?? "", ct);
        if (matches.Count != 1)
        {
            await request.ReplyAsync(matches.Count == 0
                ? request.T.Format(nameof(Strings.Roles_NoMatch), data.String("person") ?? "")
                : request.T.Format(nameof(Strings.Roles_SeveralMatch), string.Join(", ", matches.Select(m => m.Email ?? m.AadObjectId))), ct);
            return;
        }
        var target = matches[0];
        var departmentId = data.String("departmentId");
        if (string.IsNullOrEmpty(departmentId))
        {
            departmentId = null;
        }
        DirectoryResult result;
        if (verb == DirectoryCards.SetPersonDepartmentVerb)
        {
            result = departmentId is null ? DirectoryResult.DepartmentRequired : await directory.SetDepartmentAsync(request.User, target.AadObjectId, departmentId, ct);
        }
        else if (!Enum.TryParse<Role>(data.String("role"), out var role) || role == Role.Staff)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Roles_PickRole)], ct);
            return;
        }
        else
        {
            result = verb == DirectoryCards.GrantRoleVerb
                ? await directory.GrantAsync(request.User, target.AadObjectId, role, departmentId, ct)
                : await directory.RevokeAsync(request.User, target.AadObjectId, role, departmentId, ct);
        }
        if (result is not (DirectoryResult.Done or DirectoryResult.Unchanged))
        {
            await request.ReplyAsync(request.T[DirectoryMessages.For(result)], ct);
            return;
        }
        var list = await departments.ListAsync(request.TenantId, ct);
        var updated = await directory.GetAsync(target, ct);
        if (result == DirectoryResult.Done)
        {
            await audit.RecordAsync(request.User, DirectoryAudit.ForRole(verb), DirectoryAudit.RoleTarget(updated.DisplayName,
                verb == DirectoryCards.SetPersonDepartmentVerb ? null : data.String("role"), list.FirstOrDefault(d => d.Id == departmentId)?.Name), ct, target.AadObjectId);
        }
        await request.ReplaceSubmittedCardAsync(DirectoryCards.Roles(request.T, await people.ListAsync(request.TenantId, ct), list, access), ct);
        await request.ReplyAsync(request.T.Format(
            result == DirectoryResult.Done ? nameof(Strings.Roles_Changed) : nameof(Strings.Roles_Unchanged),
            updated.DisplayName,
            DirectoryCards.RoleNames(request.T, access.RolesOf(updated), updated, list),
            list.FirstOrDefault(d => d.Id == updated.DepartmentId)?.Name ?? "-"), ct);
    }
}

public sealed class ImportCommand()
    : ChatCommand("import", nameof(Strings.Command_Import), nameof(Strings.Command_ImportHelp), Role.Promoter, 60)
{
    public override Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        request.ReplyAsync(DirectoryCards.RosterImport(request.T), ct);
}

public sealed class ImportRosterAction(RosterImport import, DepartmentRepository departments, IAuditLog audit) : ICardAction
{
    public string Verb => DirectoryCards.ImportRosterVerb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var csv = data.String("csv");
        var result = await import.ImportAsync(request.User, csv, ct);
        if (result.Applied)
        {
            // A count, not names: a row naming people could not be cleared when one of them is deleted.
            await audit.RecordAsync(request.User, AuditAction.RosterImported, result.Changes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        }
        // On failure the problems come with the form filled in again, so the promoter fixes and resends.
        await request.ReplyAsync(result.Applied
            ? DirectoryCards.RosterApplied(request.T, result, await departments.ListAsync(request.TenantId, ct))
            : DirectoryCards.RosterProblems(request.T, result.Problems, csv), ct);
    }
}
