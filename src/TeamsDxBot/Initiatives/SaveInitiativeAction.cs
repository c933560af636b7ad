using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Initiatives;

public sealed class SaveInitiativeAction(InitiativeService initiatives, DepartmentRepository departments, Audit.IAuditLog audit) : ICardAction
{
    public string Verb => InitiativeCards.SaveVerb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var form = new InitiativeForm(data.String("initiativeId"), data.String("name"), data.String("goLive"),
            data.String("targetPercent"), data.String("targetDate"), data.String("departmentIds"), data.String("nameEn"),
            data.String("appId"));
        var result = await initiatives.SaveAsync(request.User, form, ct);
        if (result.Saved is null)
        {
            // The form stays as typed so the promoter can correct it and save again.
            await request.ReplyAsync(InitiativeCards.Problems(request.T, result.Problems), ct);
            return;
        }
        await audit.RecordAsync(request.User, result.Created ? Audit.AuditAction.InitiativeCreated : Audit.AuditAction.InitiativeUpdated, result.Saved.Name, ct);
        await request.ReplaceSubmittedCardAsync(
            InitiativeCards.Saved(request.T, result.Saved, result.Created, await departments.ListAsync(request.TenantId, ct)), ct);
    }
}
