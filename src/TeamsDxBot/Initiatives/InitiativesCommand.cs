using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Initiatives;

public sealed class InitiativesCommand(InitiativeService initiatives, DepartmentRepository departments, IEnumerable<IInitiativeStatus> statuses)
    : ChatCommand("initiatives", nameof(Strings.Command_Initiatives), nameof(Strings.Command_InitiativesHelp), Role.Staff, 70, "initiative", "tools"), IListManagedByPromoters
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        var list = await initiatives.ListAsync(request.TenantId, ct);
        Dictionary<string, IReadOnlyList<InitiativeFact>>? status = null;
        if (request.User.IsPromoter)
        {
            status = [];
            foreach (var initiative in list)
            {
                var facts = new List<InitiativeFact>();
                foreach (var source in statuses)
                {
                    facts.AddRange(await source.FactsAsync(request.T, initiative, ct));
                }
                status[initiative.Id] = facts;
            }
        }
        await request.ReplyAsync(InitiativeCards.List(request.T, list, await departments.ListAsync(request.TenantId, ct), request.User.IsPromoter, status), ct);
    }
}
