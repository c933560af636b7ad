using Newtonsoft.Json.Linq;
using TeamsDxBot.Audit;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

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
