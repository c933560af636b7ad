using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Metrics;

/// <summary>
/// "Create / rotate key" and "Revoke". When a key is in use the first press only asks; the confirming
/// press replaces that question, so a second press cannot revoke the key just made.
/// </summary>
public sealed class ApiKeyAction(string verb, ApiKeyService keys, InitiativeService initiatives, Audit.IAuditLog audit) : ICardAction
{
    public string Verb => verb;
    public Role RequiredRole => Role.Promoter;

    private bool Rotate => verb == MetricsCards.RotateKeyVerb;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var initiativeId = data.String(MetricsCards.KeyInitiativeField);
        var initiative = string.IsNullOrEmpty(initiativeId) ? null : await initiatives.GetAsync(request.TenantId, initiativeId, ct);
        if (initiative is null)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Metrics_InitiativeNotFound)], ct);
            return;
        }
        var confirmed = data.String(MetricsCards.ConfirmedField) == "true";
        if (!confirmed)
        {
            var active = (await keys.ListActiveAsync(request.TenantId, ct)).Where(k => k.InitiativeId == initiative.Id).ToList();
            if (active.Count > 0)
            {
                await request.ReplyAsync(MetricsCards.ConfirmKeyChange(request.T, initiative, active, Rotate), ct);
                return;
            }
            if (!Rotate)
            {
                await request.ReplyAsync(request.T[nameof(Strings.ApiKey_NoneActive)], ct);
                return;
            }
        }
        var change = Rotate ? await keys.RotateAsync(request.User, initiative.Id, ct) : await keys.RevokeAsync(request.User, initiative.Id, ct);
        if (change.ProblemKey is { } problem)
        {
            await request.ReplyAsync(request.T[problem], ct);
            return;
        }
        await audit.RecordAsync(request.User, change.Issued is null ? Audit.AuditAction.ApiKeyRevoked : Audit.AuditAction.ApiKeyIssued, initiative.Name, ct);
        var card = change.Issued is { } issued
            ? MetricsCards.KeyCreated(request.T, initiative, issued, change.Revoked)
            : MetricsCards.KeysRevoked(request.T, initiative, change.Revoked);
        if (confirmed)
        {
            await request.ReplaceSubmittedCardAsync(card, ct);
        }
        else
        {
            await request.ReplyAsync(card, ct);
        }
    }
}
