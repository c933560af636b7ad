using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Initiatives;

public sealed class InitiativesCommand(InitiativeService initiatives, DepartmentRepository departments)
    : ChatCommand("initiatives", nameof(Strings.Command_Initiatives), nameof(Strings.Command_InitiativesHelp), Role.Staff, 70, "initiative", "tools"), IListManagedByPromoters
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(InitiativeCards.List(request.T,
            await initiatives.ListAsync(request.TenantId, ct), await departments.ListAsync(request.TenantId, ct), request.User.IsPromoter), ct);
}
