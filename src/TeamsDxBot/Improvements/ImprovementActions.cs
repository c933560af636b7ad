using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Improvements;

/// <summary>The promoter's improvement list: open and save an item, then tell the people it concerns that it is done.</summary>
public sealed class ImprovementActions(ImprovementService service, ImprovementRepository items, InitiativeRepository initiatives, DepartmentRepository departments) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(ImprovementCards.FormVerb, Role.Promoter, FormAsync),
        new(ImprovementCards.SaveVerb, Role.Promoter, SaveAsync),
        new(ImprovementCards.AnnounceFormVerb, Role.Promoter, AnnounceFormAsync),
        new(ImprovementCards.AnnounceVerb, Role.Promoter, AnnounceAsync),
    ];

    private async Task FormAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var t = request.T;
        var id = data.String("improvementId");
        var item = id is { Length: > 0 } ? await items.GetAsync(request.TenantId, id, ct) : null;
        if (id is { Length: > 0 } && item is null)
        {
            await request.ReplyAsync(t[nameof(Strings.Improvement_NotFound)], ct);
            return;
        }
        var list = await initiatives.ListAsync(request.TenantId, ct);
        if (list.Count == 0)
        {
            await request.ReplyAsync(t[nameof(Strings.Report_NoInitiatives)], ct);
            return;
        }
        await request.ReplyAsync(ImprovementCards.Form(t, item, list, await departments.ListAsync(request.TenantId, ct), data.String("initiativeId")), ct);
    }

    private async Task SaveAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var t = request.T;
        var id = data.String("improvementId");
        var result = await service.SaveAsync(request.User, new ImprovementForm(id, data.String("initiativeId"), data.String("title"), data.String("owner"),
            data.String("status"), data.String("departmentIds"), data.String("source"), data.String("etag")), ct);
        if (result.Stale)
        {
            await request.ReplyAsync(t[nameof(Strings.Pulse_Stale)], ct);
            await request.ReplyAsync(ImprovementCards.Form(t, result.Item, await initiatives.ListAsync(request.TenantId, ct), await departments.ListAsync(request.TenantId, ct), null), ct);
        }
        else if (result.Item is null)
        {
            await request.ReplyAsync(ImprovementCards.Problems(t, result.Problems), ct);
        }
        else
        {
            await request.ReplaceSubmittedCardAsync(ImprovementCards.Saved(t, result.Item), ct);
        }
    }

    private async Task AnnounceFormAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var t = request.T;
        var id = data.String("improvementId");
        var item = id is { Length: > 0 } ? await items.GetAsync(request.TenantId, id, ct) : null;
        if (item is null)
        {
            await request.ReplyAsync(t[nameof(Strings.Improvement_NotFound)], ct);
            return;
        }
        var tool = await initiatives.GetAsync(request.TenantId, item.InitiativeId, ct);
        await request.ReplyAsync(ImprovementCards.AnnounceForm(t, item, tool?.Name ?? ""), ct);
    }

    private async Task AnnounceAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var t = request.T;
        var id = data.String("improvementId");
        var (result, count) = await service.AnnounceAsync(request.User, id, data.String("message"), ct);
        var reply = result switch
        {
            ImprovementService.AnnounceResult.Sent => t.Format(nameof(Strings.Improvement_AnnounceSent), count),
            ImprovementService.AnnounceResult.NotDone => t[nameof(Strings.Improvement_AnnounceNotDone)],
            ImprovementService.AnnounceResult.AlreadySent => t[nameof(Strings.Improvement_AnnounceAlready)],
            ImprovementService.AnnounceResult.EmptyMessage => t[nameof(Strings.Improvement_MessageRequired)],
            ImprovementService.AnnounceResult.NobodyToTell => t[nameof(Strings.Improvement_AnnounceNobody)],
            _ => t[nameof(Strings.Improvement_NotFound)],
        };
        if (result == ImprovementService.AnnounceResult.Sent)
        {
            await request.ReplaceSubmittedCardAsync(Cards.AdaptiveCard.Create([Cards.AdaptiveCard.Heading(reply)]), ct);
        }
        else
        {
            await request.ReplyAsync(reply, ct);
        }
    }
}
