using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Delivery;

/// <summary>
/// Table "DeliveryInstances": PartitionKey "instances", RowKey = instance id, with a heartbeat.
/// Instances count each other's fresh heartbeats to split the tenant-wide rate evenly.
/// </summary>
public sealed class InstanceRegistry(Tables tables, TimeProvider time)
{
    public const string TableName = "DeliveryInstances";
    private const string Partition = "instances";

    private TableClient Table => tables.Get(TableName);

    /// <summary>Records this instance as alive and returns how many instances are alive (at least 1).</summary>
    public async Task<int> HeartbeatAsync(string instanceId, TimeSpan timeToLive, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await Table.UpsertEntityAsync(new TableEntity(Partition, instanceId) { ["LastSeen"] = now }, TableUpdateMode.Replace, ct);
        var alive = 0;
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: ct))
        {
            if (row.GetDateTimeOffset("LastSeen") is { } seen && now - seen <= timeToLive)
            {
                alive++;
            }
        }
        return Math.Max(1, alive);
    }

    public async Task LeaveAsync(string instanceId, CancellationToken ct) =>
        await Table.DeleteEntityAsync(Partition, instanceId, Azure.ETag.All, ct);
}
