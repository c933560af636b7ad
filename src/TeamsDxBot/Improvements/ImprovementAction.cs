using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Improvements;

public sealed class ImprovementAction(ImprovementService service, ImprovementRepository items, InitiativeRepository initiatives, DepartmentRepository departments, string verb) : ICardAction
{
    public string Verb => verb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var t = request.T;
        var id = data.String("improvementId");
        switch (verb)
        {
            case ImprovementCards.FormVerb:
            {
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
                return;
            }
            case ImprovementCards.SaveVerb:
            {
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
                return;
            }
            case ImprovementCards.AnnounceFormVerb:
            {
                var item = id is { Length: > 0 } ? await items.GetAsync(request.TenantId, id, ct) : null;
                if (item is null)
                {
                    await request.ReplyAsync(t[nameof(Strings.Improvement_NotFound)], ct);
                    return;
                }
                var tool = await initiatives.GetAsync(request.TenantId, item.InitiativeId, ct);
                await request.ReplyAsync(ImprovementCards.AnnounceForm(t, item, tool?.Name ?? ""), ct);
                return;
            }
            default:
            {
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
                return;
            }
        }
    }
}
