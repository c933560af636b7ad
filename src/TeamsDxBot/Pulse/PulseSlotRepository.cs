using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Pulse;

/// <summary>
/// Table "PulseSlots". PartitionKey = tenant id, RowKey = a slot (a scheduled run's id, or an initiative's
/// week for manual runs), RunId = the run that took it. Taking a slot is insert-if-absent, so when a
/// manual run replaces the week's scheduled one and the scheduler reaches it at the same moment on
/// another instance, exactly one of them goes out.
/// </summary>
public sealed class PulseSlotRepository(Tables tables)
{
    public const string TableName = "PulseSlots";

    private TableClient Table => tables.Get(TableName);

    /// <summary>The run holding the slot: <paramref name="runId"/> when it was free (or already its own), else the run that took it first.</summary>
    public async Task<string> ClaimAsync(string tenantId, string slot, string runId, CancellationToken ct)
    {
        try
        {
            await Table.AddEntityAsync(new Entity { PartitionKey = tenantId, RowKey = slot, RunId = runId }, ct);
            return runId;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return (await Table.FindAsync<Entity>(tenantId, slot, ct))?.RunId ?? runId;
        }
    }

    /// <summary>The run holding the slot, or null when it is free.</summary>
    public async Task<string?> OwnerAsync(string tenantId, string slot, CancellationToken ct) =>
        (await Table.FindAsync<Entity>(tenantId, slot, ct))?.RunId;

    private sealed class Entity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? RunId { get; set; }
    }
}
