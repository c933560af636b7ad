using Newtonsoft.Json.Linq;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Metrics;

/// <summary>
/// "Create / rotate key" and "Revoke". When a key is in use the first press only asks; the confirming
/// press replaces that question, so a second press cannot revoke the key just made.
/// </summary>
public sealed class ApiKeyActions(ApiKeyService keys, InitiativeService initiatives, Audit.IAuditLog audit) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(MetricsCards.RotateKeyVerb, Role.Promoter, RotateAsync),
        new(MetricsCards.RevokeKeyVerb, Role.Promoter, RevokeAsync),
    ];

    private Task RotateAsync(TurnRequest request, JObject data, CancellationToken ct) => ChangeKeyAsync(request, data, rotate: true, ct);

    private Task RevokeAsync(TurnRequest request, JObject data, CancellationToken ct) => ChangeKeyAsync(request, data, rotate: false, ct);

    private async Task ChangeKeyAsync(TurnRequest request, JObject data, bool rotate, CancellationToken ct)
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
                await request.ReplyAsync(MetricsCards.ConfirmKeyChange(request.T, initiative, active, rotate), ct);
                return;
            }
            if (!rotate)
            {
                await request.ReplyAsync(request.T[nameof(Strings.ApiKey_NoneActive)], ct);
                return;
            }
        }
        var change = rotate ? await keys.RotateAsync(request.User, initiative.Id, ct) : await keys.RevokeAsync(request.User, initiative.Id, ct);
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
