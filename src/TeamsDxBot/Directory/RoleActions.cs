using Newtonsoft.Json.Linq;
using TeamsDxBot.Audit;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>Grant or remove a role, or correct someone's department, from the roles card.</summary>
public sealed class RoleActions(DirectoryService directory, PersonRepository people, DepartmentRepository departments, Access access, IAuditLog audit) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(DirectoryCards.GrantRoleVerb, Role.Promoter, GrantAsync),
        new(DirectoryCards.RevokeRoleVerb, Role.Promoter, RevokeAsync),
        new(DirectoryCards.SetPersonDepartmentVerb, Role.Promoter, SetDepartmentAsync),
    ];

    private Task GrantAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeRoleAsync(request, data, AuditAction.RoleGranted, (target, role, departmentId) => directory.GrantAsync(request.User, target.AadObjectId, role, departmentId, ct), ct);

    private Task RevokeAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        ChangeRoleAsync(request, data, AuditAction.RoleRevoked, (target, role, departmentId) => directory.RevokeAsync(request.User, target.AadObjectId, role, departmentId, ct), ct);

    private async Task SetDepartmentAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (await TargetAsync(request, data, ct) is not { } target)
        {
            return;
        }
        var departmentId = DepartmentOf(data);
        var result = departmentId is null ? DirectoryResult.DepartmentRequired : await directory.SetDepartmentAsync(request.User, target.AadObjectId, departmentId, ct);
        await FinishAsync(request, target, result, AuditAction.PersonDepartmentSet, role: null, departmentId, ct);
    }

    private async Task ChangeRoleAsync(TurnRequest request, JObject data, AuditAction action, Func<Person, Role, string?, Task<DirectoryResult>> change, CancellationToken ct)
    {
        if (await TargetAsync(request, data, ct) is not { } target)
        {
            return;
        }
        if (!Enum.TryParse<Role>(data.String("role"), out var role) || role == Role.Staff)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Roles_PickRole)], ct);
            return;
        }
        var departmentId = DepartmentOf(data);
        await FinishAsync(request, target, await change(target, role, departmentId), action, data.String("role"), departmentId, ct);
    }

    /// <summary>The one person the typed name or address names; otherwise says who matched and returns null.</summary>
    private async Task<Person?> TargetAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var matches = await directory.FindAsync(request.TenantId, data.String("person") ?? "", ct);
        if (matches.Count == 1)
        {
            return matches[0];
        }
        await request.ReplyAsync(matches.Count == 0
            ? request.T.Format(nameof(Strings.Roles_NoMatch), data.String("person") ?? "")
            : request.T.Format(nameof(Strings.Roles_SeveralMatch), string.Join(", ", matches.Select(m => m.Email ?? m.AadObjectId))), ct);
        return null;
    }

    private static string? DepartmentOf(JObject data) => data.String("departmentId") is { Length: > 0 } id ? id : null;

    private async Task FinishAsync(TurnRequest request, Person target, DirectoryResult result, AuditAction action, string? role, string? departmentId, CancellationToken ct)
    {
        if (result is not (DirectoryResult.Done or DirectoryResult.Unchanged))
        {
            await request.ReplyAsync(request.T[DirectoryMessages.For(result)], ct);
            return;
        }
        var list = await departments.ListAsync(request.TenantId, ct);
        var updated = await directory.GetAsync(target, ct);
        if (result == DirectoryResult.Done)
        {
            await audit.RecordAsync(request.User, action, AuditTarget(updated.DisplayName, role, list.FirstOrDefault(d => d.Id == departmentId)?.Name), ct, target.AadObjectId);
        }
        await request.ReplaceSubmittedCardAsync(DirectoryCards.Roles(request.T, await people.ListAsync(request.TenantId, ct), list, access), ct);
        await request.ReplyAsync(request.T.Format(
            result == DirectoryResult.Done ? nameof(Strings.Roles_Changed) : nameof(Strings.Roles_Unchanged),
            updated.DisplayName,
            DirectoryCards.RoleNames(request.T, access.RolesOf(updated), updated, list),
            list.FirstOrDefault(d => d.Id == updated.DepartmentId)?.Name ?? request.T[nameof(Strings.Common_NotSet)]), ct);
    }

    /// <summary>"Name: Role Department" (either part may be missing).</summary>
    private static string AuditTarget(string personName, string? role, string? departmentName) =>
        $"{personName}: {string.Join(' ', new[] { role, departmentName }.Where(p => !string.IsNullOrEmpty(p)))}";
}
