using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Improvements;

/// <summary><c>improvements</c>: promoters and executives see the items; promoters add, update and announce them.</summary>
public sealed class ImprovementsCommand(ImprovementRepository items, InitiativeRepository initiatives, DepartmentRepository departments)
    : ChatCommand("improvements", nameof(Strings.Command_Improvements), nameof(Strings.Command_ImprovementsHelp), Role.Promoter, 45, "improvement", "items")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(await ListAsync(request, items, initiatives, departments, ct), ct);

    public static async Task<JObject> ListAsync(TurnRequest request, ImprovementRepository items, InitiativeRepository initiatives, DepartmentRepository departments, CancellationToken ct) =>
        ImprovementCards.List(request.T, await items.ListAsync(request.TenantId, ct),
            (await initiatives.ListAsync(request.TenantId, ct)).ToDictionary(i => i.Id, i => i.Name),
            (await departments.ListAsync(request.TenantId, ct)).ToDictionary(d => d.Id, d => d.Name),
            request.User.IsPromoter);
}
