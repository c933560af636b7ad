using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Metrics;

/// <summary>A key a system uses to post one initiative's figures. Only a hash of its secret is kept.</summary>
public sealed record ApiKey
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string InitiativeId { get; init; }
    /// <summary>SHA-256 of the secret part of the key.</summary>
    public required byte[] SecretHash { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; init; }
    public string? RevokedBy { get; init; }
    public ETag ETag { get; init; }

    public bool IsActive => RevokedAt is null;

    /// <summary>What may be shown of a key after it was issued: its id, never its secret.</summary>
    public string Hint => $"{ApiKeyService.Prefix}{Id}_…";
}

/// <summary>
/// Table "ApiKeys". PartitionKey = "key" for every key of every tenant, RowKey = key id (16 hex digits).
/// A system sends only the key, so the id inside it must find the row on its own: one point read. One
/// partition also lets a rotation (add the new key, revoke the initiative's earlier ones) be a single
/// transaction. Keys are created rarely, so one partition is far from its write limits.
/// </summary>
public sealed class ApiKeyRepository(Tables tables)
{
    public const string TableName = "ApiKeys";
    private const string Partition = "key";

    private TableClient Table => tables.Get(TableName);

    public async Task<ApiKey?> GetAsync(string keyId, CancellationToken ct) =>
        (await Table.FindAsync<ApiKeyEntity>(Partition, keyId, ct))?.ToApiKey();

    /// <summary>Every key of the tenant (revoked ones too), oldest first.</summary>
    public Task<IReadOnlyList<ApiKey>> ListAsync(string tenantId, CancellationToken ct) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and TenantId eq {tenantId}"), ct);

    public Task<IReadOnlyList<ApiKey>> ListAsync(string tenantId, string initiativeId, CancellationToken ct) =>
        QueryAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and TenantId eq {tenantId} and InitiativeId eq {initiativeId}"), ct);

    private async Task<IReadOnlyList<ApiKey>> QueryAsync(string filter, CancellationToken ct)
    {
        var keys = new List<ApiKey>();
        await foreach (var entity in Table.QueryAsync<ApiKeyEntity>(filter, cancellationToken: ct))
        {
            keys.Add(entity.ToApiKey());
        }
        return keys.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// In one transaction: inserts <paramref name="added"/> (if any; fails if the id exists) and writes the
    /// revocations, each only if the key is unchanged since it was read. Any conflict fails it all.
    /// Every rotation leaves one active key per initiative, so this stays far below the 100 actions a transaction allows.
    /// </summary>
    public async Task SaveAsync(ApiKey? added, IReadOnlyList<ApiKey> revoked, CancellationToken ct)
    {
        var actions = revoked.Select(k => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ApiKeyEntity.From(k), k.ETag)).ToList();
        if (added is not null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ApiKeyEntity.From(added)));
        }
        if (actions.Count > 0)
        {
            await Table.SubmitTransactionAsync(actions, ct);
        }
    }

    private sealed class ApiKeyEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? TenantId { get; set; }
        public string? InitiativeId { get; set; }
        public byte[]? SecretHash { get; set; }
        public string? CreatedBy { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? RevokedAt { get; set; }
        public string? RevokedBy { get; set; }

        public static ApiKeyEntity From(ApiKey k) => new()
        {
            PartitionKey = Partition,
            RowKey = k.Id,
            ETag = k.ETag,
            TenantId = k.TenantId,
            InitiativeId = k.InitiativeId,
            SecretHash = k.SecretHash,
            CreatedBy = k.CreatedBy,
            CreatedAt = k.CreatedAt,
            RevokedAt = k.RevokedAt,
            RevokedBy = k.RevokedBy,
        };

        public ApiKey ToApiKey() => new()
        {
            Id = RowKey,
            TenantId = TenantId ?? "",
            InitiativeId = InitiativeId ?? "",
            SecretHash = SecretHash ?? [],
            CreatedBy = CreatedBy ?? "",
            CreatedAt = CreatedAt,
            RevokedAt = RevokedAt,
            RevokedBy = RevokedBy,
            ETag = ETag,
        };
    }
}
