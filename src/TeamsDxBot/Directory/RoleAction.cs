using Newtonsoft.Json.Linq;
using TeamsDxBot.Audit;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

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
