using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

public sealed class DepartmentsCommand(DepartmentRepository departments, PersonRepository people)
    : ChatCommand("departments", nameof(Strings.Command_Departments), nameof(Strings.Command_DepartmentsHelp), Role.Staff, 40, "department", "dept"), IListManagedByPromoters
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(DirectoryCards.Departments(request.T,
            await departments.ListAsync(request.TenantId, ct), await people.ListAsync(request.TenantId, ct), request.User.IsPromoter), ct);
}

public sealed class RolesCommand(PersonRepository people, DepartmentRepository departments, Access access)
    : ChatCommand("roles", nameof(Strings.Command_Roles), nameof(Strings.Command_RolesHelp), Role.Promoter, 50, "role")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(DirectoryCards.Roles(request.T,
            await people.ListAsync(request.TenantId, ct), await departments.ListAsync(request.TenantId, ct), access), ct);
}

public sealed class ImportCommand()
    : ChatCommand("import", nameof(Strings.Command_Import), nameof(Strings.Command_ImportHelp), Role.Promoter, 60)
{
    public override Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        request.ReplyAsync(DirectoryCards.RosterImport(request.T), ct);
}
