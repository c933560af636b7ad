using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;
using TeamsDxBot.Connector;
using TeamsDxBot.Directory;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Bot;

/// <summary>
/// Which Entra tenants the bot serves (see <see cref="BotOptions.AllowedTenants"/>). Table "Tenants":
/// PartitionKey "allowed", RowKey "learned" holds the tenant learned from the first admin turn when
/// nothing is configured; the insert is conditional, so with several instances the first writer wins.
/// </summary>
public sealed class TenantAllowList(Tables tables, IOptionsMonitor<BotOptions> options, IOptionsMonitor<DirectoryOptions> directory,
    IOptions<BotCredentials> credentials, TimeProvider time, ILogger<TenantAllowList> logger)
{
    public const string TableName = "Tenants";

    private const string Partition = "allowed";
    private const string LearnedRow = "learned";

    private string? learned;

    private TableClient Table => tables.Get(TableName);

    /// <summary>True when people of <paramref name="tenantId"/> may use the bot; may learn the tenant from an admin.</summary>
    public async Task<bool> AllowsAsync(string? tenantId, string? aadObjectId, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(tenantId))
        {
            return false;
        }
        var configured = options.CurrentValue.AllowedTenants.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        if (configured.Count > 0)
        {
            return configured.Contains(tenantId, StringComparer.OrdinalIgnoreCase);
        }
        if (credentials.Value.MicrosoftAppTenantId is { Length: > 0 } appTenant && !string.IsNullOrWhiteSpace(appTenant))
        {
            return string.Equals(appTenant.Trim(), tenantId, StringComparison.OrdinalIgnoreCase);
        }
        var known = learned ??= await ReadLearnedAsync(ct);
        if (known is null && IsAdmin(aadObjectId))
        {
            known = learned = await LearnAsync(tenantId, aadObjectId!, ct);
        }
        return string.Equals(known, tenantId, StringComparison.OrdinalIgnoreCase);
    }

    private bool IsAdmin(string? aadObjectId) =>
        !string.IsNullOrEmpty(aadObjectId) && directory.CurrentValue.Admins.Any(a => string.Equals(a.Trim(), aadObjectId, StringComparison.OrdinalIgnoreCase));

    private async Task<string?> ReadLearnedAsync(CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<LearnedTenantEntity>(Partition, LearnedRow, [nameof(LearnedTenantEntity.TenantId)], ct);
        return row.HasValue ? row.Value?.TenantId : null;
    }

    private async Task<string?> LearnAsync(string tenantId, string adminId, CancellationToken ct)
    {
        try
        {
            await Table.AddEntityAsync(new LearnedTenantEntity
            {
                PartitionKey = Partition,
                RowKey = LearnedRow,
                TenantId = tenantId,
                LearnedFrom = adminId,
                LearnedAt = time.GetUtcNow(),
            }, ct);
            logger.LogInformation("Serving tenant {TenantId}, learned from the first turn of admin {AadObjectId}", tenantId, adminId);
            return tenantId;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            // Another instance learned first; its tenant holds.
            return await ReadLearnedAsync(ct);
        }
    }
}

/// <summary>The tenant learned from an admin's first turn, as <see cref="TenantAllowList"/> stores it.</summary>
internal sealed class LearnedTenantEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string? TenantId { get; set; }
    public string? LearnedFrom { get; set; }
    public DateTimeOffset? LearnedAt { get; set; }
}

/// <summary>
/// First in the pipeline: activities that came in from a tenant the bot does not serve end here, before
/// anything is stored or answered. The bot's own proactive turns pass (their addresses came from allowed turns).
/// </summary>
public sealed class TenantGate(TenantAllowList allowList, ILogger<TenantGate> logger) : Microsoft.Bot.Builder.IMiddleware
{
    // Bounds the memory a stream of distinct tenants can take; past it, refusals are simply not logged.
    private const int MaxLoggedTenants = 1000;

    private readonly ConcurrentDictionary<string, bool> logged = new(StringComparer.OrdinalIgnoreCase);

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        if (turnContext.TurnState.Get<System.Security.Claims.ClaimsIdentity>(BotAdapter.BotIdentityKey) is not InboundIdentity)
        {
            await next(cancellationToken);
            return;
        }
        var activity = turnContext.Activity;
        var tenantId = activity.Conversation?.TenantId ?? activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id;
        if (await allowList.AllowsAsync(tenantId, activity.From?.AadObjectId, cancellationToken))
        {
            await next(cancellationToken);
            return;
        }
        var key = string.IsNullOrWhiteSpace(tenantId) ? "" : tenantId;
        if (logged.Count < MaxLoggedTenants && logged.TryAdd(key, true))
        {
            logger.LogWarning("Ignoring activities from tenant {TenantId}: not an allowed tenant (Bot:AllowedTenants)", key.Length == 0 ? "(none)" : key);
        }
    }
}
