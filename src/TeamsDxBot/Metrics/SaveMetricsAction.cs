using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Metrics;

public sealed class SaveMetricsAction(ToolMetricsService service, InitiativeService initiatives, DepartmentRepository departments) : ICardAction
{
    public string Verb => MetricsCards.SaveVerb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var initiativeId = data.String("initiativeId");
        var csv = data.String("csv");
        var result = await service.UploadFromChatAsync(request.User, initiativeId, csv, ct);
        if (!result.Stored)
        {
            // The problems come with the form filled in again, so the promoter fixes the lines and resends.
            await request.ReplyAsync(MetricsCards.Problems(request.T, await initiatives.ListAsync(request.TenantId, ct), initiativeId, csv, result.Problems), ct);
            return;
        }
        var initiative = (await initiatives.GetAsync(request.TenantId, initiativeId!, ct))!;
        await request.ReplaceSubmittedCardAsync(MetricsCards.Stored(request.T, initiative, result.Write!, result.Metrics,
            await MetricsOverview.DepartmentNamesAsync(request, departments, ct)), ct);
    }
}
