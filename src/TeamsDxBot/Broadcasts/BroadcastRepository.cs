using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Broadcasts;

/// <summary>
/// Table "Broadcasts". PartitionKey = tenant id, RowKey = broadcast id: a tenant's drafts, schedules and
/// history are one partition read. <c>NextAt</c> is stored only while a broadcast is scheduled, so the
/// scheduler finds due work across tenants with one filter.
/// </summary>
public sealed class BroadcastRepository(Tables tables)
{
    public const string TableName = "Broadcasts";

    private static readonly string ScheduledStatus = BroadcastStatus.Scheduled.ToString();

    private TableClient Table => tables.Get(TableName);

    public async Task<Broadcast?> GetAsync(string tenantId, string id, CancellationToken ct) =>
        (await Table.FindAsync<Entity>(tenantId, id, ct))?.ToBroadcast();

    public async Task<IReadOnlyList<Broadcast>> ListAsync(string tenantId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<Entity>(tenantId, ct)).Select(e => e.ToBroadcast()).OrderByDescending(b => b.UpdatedAt).ToList();

    /// <summary>Scheduled broadcasts of every tenant with an occurrence due by <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<Broadcast>> ListDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        var result = new List<Broadcast>();
        await foreach (var e in Table.QueryAsync<Entity>(e => e.Status == ScheduledStatus && e.NextAt <= now, cancellationToken: ct))
        {
            result.Add(e.ToBroadcast());
        }
        return result;
    }

    /// <summary>Stores a new broadcast and returns it with its ETag.</summary>
    public async Task<Broadcast> AddAsync(Broadcast broadcast, CancellationToken ct)
    {
        var response = await Table.AddEntityAsync(Entity.From(broadcast), ct);
        return broadcast with { ETag = response.Headers.ETag ?? default };
    }

    /// <summary>Replaces with If-Match; null when someone changed it since it was read, else it with its new ETag.</summary>
    public async Task<Broadcast?> TryReplaceAsync(Broadcast broadcast, CancellationToken ct)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(Entity.From(broadcast), broadcast.ETag, TableUpdateMode.Replace, ct);
            return broadcast with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return null;
        }
    }

    private sealed class Entity : ITableEntity
    {
        private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? Title { get; set; }
        public string? Body { get; set; }
        public string? ImageUrl { get; set; }
        public string? LinkTitle { get; set; }
        public string? LinkUrl { get; set; }
        public string? Audience { get; set; }
        public string? DepartmentIds { get; set; }
        public string? PersonIds { get; set; }
        public string? InitiativeId { get; set; }
        public bool Acknowledge { get; set; }
        public string? Schedule { get; set; }
        public string? TimeZone { get; set; }
        public string? Occurrences { get; set; }
        public string? Status { get; set; }
        public DateTimeOffset? NextAt { get; set; }
        public string? AuthorId { get; set; }
        public string? AuthorName { get; set; }
        public bool ByExecutive { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public string? UpdatedBy { get; set; }

        public static Entity From(Broadcast b) => new()
        {
            PartitionKey = b.TenantId,
            RowKey = b.Id,
            ETag = b.ETag,
            Title = b.Title,
            Body = b.Body,
            ImageUrl = b.ImageUrl,
            LinkTitle = b.LinkTitle,
            LinkUrl = b.LinkUrl,
            Audience = b.Audience.ToString(),
            DepartmentIds = string.Join(';', b.DepartmentIds),
            PersonIds = b.PersonIds.Count == 0 ? null : string.Join(';', b.PersonIds),
            InitiativeId = b.InitiativeId,
            Acknowledge = b.Acknowledge,
            Schedule = JsonSerializer.Serialize(b.Schedule, Json),
            TimeZone = b.TimeZone,
            Occurrences = JsonSerializer.Serialize(b.Occurrences, Json),
            Status = b.Status.ToString(),
            NextAt = b.Status == BroadcastStatus.Scheduled ? b.NextAt : null,
            AuthorId = b.AuthorId,
            AuthorName = b.AuthorName,
            ByExecutive = b.ByExecutive,
            CreatedAt = b.CreatedAt,
            UpdatedAt = b.UpdatedAt,
            UpdatedBy = b.UpdatedBy,
        };

        public Broadcast ToBroadcast() => new()
        {
            TenantId = PartitionKey,
            Id = RowKey,
            ETag = ETag,
            Title = Title ?? "",
            Body = Body ?? "",
            ImageUrl = ImageUrl,
            LinkTitle = LinkTitle,
            LinkUrl = LinkUrl,
            Audience = Enum.TryParse<BroadcastAudience>(Audience, out var audience) ? audience : BroadcastAudience.Departments,
            DepartmentIds = (DepartmentIds ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries),
            PersonIds = (PersonIds ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries),
            InitiativeId = InitiativeId,
            Acknowledge = Acknowledge,
            Schedule = Schedule is null ? new() : JsonSerializer.Deserialize<BroadcastScheduleForm>(Schedule, Json) ?? new(),
            TimeZone = TimeZone,
            Occurrences = Occurrences is null ? [] : JsonSerializer.Deserialize<List<BroadcastOccurrence>>(Occurrences, Json) ?? [],
            Status = Enum.TryParse<BroadcastStatus>(Status, out var status) ? status : BroadcastStatus.Draft,
            AuthorId = AuthorId ?? "",
            AuthorName = AuthorName ?? "",
            ByExecutive = ByExecutive,
            CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt,
            UpdatedBy = UpdatedBy ?? "",
        };
    }
}

/// <summary>
/// Table "BroadcastAcks". PartitionKey = "{tenantId}|{broadcastId}", RowKey = the person's aadObjectId:
/// one row per person per broadcast, so pressing the button twice, or on two messages of a campaign,
/// counts once. The row keeps the department the person was in, which is all the author's figures use.
/// </summary>
public sealed class BroadcastAckRepository(Tables tables)
{
    public const string TableName = "BroadcastAcks";

    private TableClient Table => tables.Get(TableName);

    private static string Partition(string tenantId, string broadcastId) => $"{tenantId}|{broadcastId}";

    /// <summary>False when this person had already acknowledged it.</summary>
    public async Task<bool> TryAddAsync(BroadcastAck ack, CancellationToken ct)
    {
        try
        {
            await Table.AddEntityAsync(new AckEntity
            {
                PartitionKey = Partition(ack.TenantId, ack.BroadcastId),
                RowKey = ack.AadObjectId,
                DepartmentId = ack.DepartmentId,
                Occurrence = ack.Occurrence,
                At = ack.At,
            }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<BroadcastAck>> ListAsync(string tenantId, string broadcastId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<AckEntity>(Partition(tenantId, broadcastId), ct))
            .Select(e => new BroadcastAck(tenantId, broadcastId, e.RowKey, e.DepartmentId ?? "", e.Occurrence ?? 1, e.At ?? default))
            .ToList();

    private sealed class AckEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? DepartmentId { get; set; }
        public int? Occurrence { get; set; }
        public DateTimeOffset? At { get; set; }
    }
}
