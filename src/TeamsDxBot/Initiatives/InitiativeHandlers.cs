using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Initiatives;

public sealed class InitiativesCommand(InitiativeService initiatives, DepartmentRepository departments)
    : ChatCommand("initiatives", nameof(Strings.Command_Initiatives), nameof(Strings.Command_InitiativesHelp), Role.Staff, 70, "initiative", "tools"), IListManagedByPromoters
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(InitiativeCards.List(request.T,
            await initiatives.ListAsync(request.TenantId, ct), await departments.ListAsync(request.TenantId, ct), request.User.IsPromoter), ct);
}

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

public sealed class SaveInitiativeAction(InitiativeService initiatives, DepartmentRepository departments, Audit.IAuditLog audit) : ICardAction
{
    public string Verb => InitiativeCards.SaveVerb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var form = new InitiativeForm(data.String("initiativeId"), data.String("name"), data.String("goLive"),
            data.String("targetPercent"), data.String("targetDate"), data.String("departmentIds"));
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

public static class InitiativesExtensions
{
    public static IHostApplicationBuilder AddInitiatives(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTable(InitiativeRepository.TableName);
        builder.Services.AddSingleton<InitiativeRepository>();
        builder.Services.AddSingleton<InitiativeService>();
        builder.Services.AddSingleton<IChatCommand, InitiativesCommand>();
        builder.Services.AddSingleton<ICardAction, InitiativeFormAction>();
        builder.Services.AddSingleton<ICardAction, SaveInitiativeAction>();
        return builder;
    }
}
