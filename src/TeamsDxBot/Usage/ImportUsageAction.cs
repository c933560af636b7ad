using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>The import card's button: stores the pasted usage, or brings the form back with every problem.</summary>
public sealed class ImportUsageAction(UsageImportService service, InitiativeService initiatives) : ICardAction
{
    public string Verb => UsageCards.ImportVerb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var initiativeId = data.String("initiativeId");
        var text = data.String("csv");
        var result = await service.ImportFromChatAsync(request.User, initiativeId, text, ct);
        if (!result.Stored)
        {
            // The problems come with the form filled in again, so the promoter fixes the lines and resends.
            await request.ReplyAsync(UsageCards.Problems(request.T, await initiatives.ListAsync(request.TenantId, ct), initiativeId, text, result.Problems), ct);
            return;
        }
        var initiative = (await initiatives.GetAsync(request.TenantId, initiativeId!, ct))!;
        await request.ReplaceSubmittedCardAsync(UsageCards.Stored(request.T, initiative, result), ct);
    }
}
