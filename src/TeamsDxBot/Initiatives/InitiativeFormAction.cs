using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Initiatives;

public sealed class InitiativeFormAction(InitiativeService initiatives, DepartmentRepository departments, TimeProvider time) : ICardAction
{
    public string Verb => InitiativeCards.FormVerb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var id = data.String("initiativeId");
        var existing = string.IsNullOrEmpty(id) ? null : await initiatives.GetAsync(request.TenantId, id, ct);
        if (!string.IsNullOrEmpty(id) && existing is null)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Initiative_NotFound)], ct);
            return;
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        await request.ReplyAsync(InitiativeCards.Form(request.T, existing, await departments.ListAsync(request.TenantId, ct), today), ct);
    }
}
