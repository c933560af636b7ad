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
        await Table.UpsertEntityAsync(new InstanceEntity { PartitionKey = Partition, RowKey = instanceId, LastSeen = now }, TableUpdateMode.Replace, ct);
        var alive = 0;
        await foreach (var row in Table.QueryAsync<InstanceEntity>(e => e.PartitionKey == Partition, cancellationToken: ct))
        {
            if (row.LastSeen is { } seen && now - seen <= timeToLive)
            {
                alive++;
            }
        }
        return Math.Max(1, alive);
    }

    public async Task LeaveAsync(string instanceId, CancellationToken ct) =>
        await Table.DeleteEntityAsync(Partition, instanceId, Azure.ETag.All, ct);

    private sealed class InstanceEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public Azure.ETag ETag { get; set; }
        public DateTimeOffset? LastSeen { get; set; }
    }
}
