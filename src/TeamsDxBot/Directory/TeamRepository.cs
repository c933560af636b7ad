using Azure.Data.Tables;
using Azure;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

public sealed record TeamRecord
{
    public required string TenantId { get; init; }
    public required string TeamId { get; init; }
    public string Name { get; init; } = "";
    public required ConversationAddress Address { get; init; }
    public bool Installed { get; init; } = true;
    /// <summary>Set when the roster must be (re)read; cleared by the instance that read it.</summary>
    public bool SyncPending { get; init; }
    public DateTimeOffset? SyncRequestedAt { get; init; }
    public DateTimeOffset? SyncedAt { get; init; }
    public int MembersEnrolled { get; init; }
    /// <summary>An instance working on the roster holds it until then; afterwards any instance may take over.</summary>
    public DateTimeOffset? LeaseUntil { get; init; }
    public ETag ETag { get; init; }
}

/// <summary>Table "Teams". PartitionKey = tenant id, RowKey = team id (the General channel's conversation id).</summary>
public sealed class TeamRepository(Tables tables)
{
    public const string TableName = "Teams";

    private TableClient Table => tables.Get(TableName);

    public async Task<TeamRecord?> GetAsync(string tenantId, string teamId, CancellationToken ct) =>
        (await Table.FindAsync<TeamEntity>(tenantId, Key(teamId), ct))?.ToRecord();

    public async Task UpsertAsync(TeamRecord team, CancellationToken ct) =>
        await Table.UpsertEntityAsync(TeamEntity.From(team), TableUpdateMode.Replace, ct);

    /// <summary>Every team of one tenant the bot was ever added to (removed ones say Installed = false).</summary>
    public async Task<IReadOnlyList<TeamRecord>> ListAsync(string tenantId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<TeamEntity>(tenantId, ct)).Select(e => e.ToRecord()).ToList();

    /// <summary>Teams (of every tenant) whose roster waits to be read.</summary>
    public async Task<IReadOnlyList<TeamRecord>> ListPendingAsync(CancellationToken ct)
    {
        var result = new List<TeamRecord>();
        await foreach (var e in Table.QueryAsync<TeamEntity>(e => e.SyncPending, cancellationToken: ct))
        {
            result.Add(e.ToRecord());
        }
        return result;
    }

    /// <summary>Writes only if the row is unchanged since it was read; false when another writer won.</summary>
    public async Task<TeamRecord?> TryReplaceAsync(TeamRecord team, CancellationToken ct)
    {
        try
        {
            var response = await Table.UpdateEntityAsync(TeamEntity.From(team), team.ETag, TableUpdateMode.Replace, ct);
            return team with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return null;
        }
    }

    // Team ids contain characters a RowKey may not hold ("19:...@thread.tacv2" is fine, but be safe with '/').
    private static string Key(string teamId) => teamId.Replace('/', '_').Replace('#', '_').Replace('?', '_').Replace('\\', '_');

    private sealed class TeamEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? TeamId { get; set; }
        public string? Name { get; set; }
        public string? ServiceUrl { get; set; }
        public string? ConversationId { get; set; }
        public string? BotId { get; set; }
        public string? ChannelId { get; set; }
        public bool Installed { get; set; }
        public bool SyncPending { get; set; }
        public DateTimeOffset? SyncRequestedAt { get; set; }
        public DateTimeOffset? SyncedAt { get; set; }
        public int MembersEnrolled { get; set; }
        public DateTimeOffset? LeaseUntil { get; set; }

        public static TeamEntity From(TeamRecord t) => new()
        {
            PartitionKey = t.TenantId,
            RowKey = Key(t.TeamId),
            ETag = t.ETag,
            TeamId = t.TeamId,
            Name = t.Name,
            ServiceUrl = t.Address.ServiceUrl,
            ConversationId = t.Address.ConversationId,
            BotId = t.Address.BotId,
            ChannelId = t.Address.ChannelId,
            Installed = t.Installed,
            SyncPending = t.SyncPending,
            SyncRequestedAt = t.SyncRequestedAt,
            SyncedAt = t.SyncedAt,
            MembersEnrolled = t.MembersEnrolled,
            LeaseUntil = t.LeaseUntil,
        };

        public TeamRecord ToRecord() => new()
        {
            TenantId = PartitionKey,
            TeamId = TeamId ?? RowKey,
            ETag = ETag,
            Name = Name ?? "",
            Address = new ConversationAddress(ServiceUrl ?? "", ConversationId ?? "", BotId ?? "", ChannelId ?? "msteams"),
            Installed = Installed,
            SyncPending = SyncPending,
            SyncRequestedAt = SyncRequestedAt,
            SyncedAt = SyncedAt,
            MembersEnrolled = MembersEnrolled,
            LeaseUntil = LeaseUntil,
        };
    }
}
