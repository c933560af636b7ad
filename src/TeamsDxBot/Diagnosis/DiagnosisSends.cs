using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Diagnosis;

/// <summary>What a diagnosis press or proposal has already produced, so a second press (or a stale card) never sends twice.</summary>
public sealed record DiagnosisSend(string Key, string? BroadcastId, string By, DateTimeOffset At);

/// <summary>
/// Claims of the diagnosis's messages. PartitionKey = tenant id; RowKey = "thanks|{initiative}|{yyyy-MM}|{key user}"
/// (a thank-you, claimed before it is sent) or "draft|{initiative}|{yyyy-MM}|{executive}" (the executive message
/// draft offered in that month's report). The row is added first (a second claimer gets a conflict) and gets the
/// broadcast id once the broadcast exists.
/// </summary>
public sealed class DiagnosisSends(Tables tables)
{
    public const string TableName = "DiagnosisSends";

    private TableClient Table => tables.Get(TableName);

    public static string ThanksKey(string initiativeId, string period, string keyUserId) => $"thanks|{initiativeId}|{period}|{keyUserId}";

    public static string DraftKey(string initiativeId, string period, string executiveId) => $"draft|{initiativeId}|{period}|{executiveId}";

    public async Task<DiagnosisSend?> GetAsync(string tenantId, string key, CancellationToken ct)
    {
        var found = await Table.GetEntityIfExistsAsync<Entity>(tenantId, key, cancellationToken: ct);
        return found.HasValue && found.Value is { } e ? new DiagnosisSend(e.RowKey, e.BroadcastId, e.By ?? "", e.At) : null;
    }

    /// <summary>True for the one caller that claims the key; false when it was claimed before.</summary>
    public async Task<bool> TryClaimAsync(string tenantId, string key, string by, DateTimeOffset at, CancellationToken ct)
    {
        try
        {
            await Table.AddEntityAsync(new Entity { PartitionKey = tenantId, RowKey = key, By = by, At = at }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    public async Task CompleteAsync(string tenantId, string key, string broadcastId, CancellationToken ct) =>
        await Table.UpdateEntityAsync(new TableEntity(tenantId, key) { ["BroadcastId"] = broadcastId }, ETag.All, TableUpdateMode.Merge, ct);

    /// <summary>Gives a claim back when nothing was sent, so the press can be tried again.</summary>
    public async Task ReleaseAsync(string tenantId, string key, CancellationToken ct) =>
        await Table.DeleteEntityAsync(tenantId, key, ETag.All, ct);

    private sealed class Entity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? BroadcastId { get; set; }
        public string? By { get; set; }
        public DateTimeOffset At { get; set; }
    }
}
