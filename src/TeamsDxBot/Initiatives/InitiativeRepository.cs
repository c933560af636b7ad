using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Initiatives;

/// <summary>Table "Initiatives". PartitionKey = tenant id, RowKey = initiative id.</summary>
public sealed class InitiativeRepository(Tables tables)
{
    public const string TableName = "Initiatives";

    private TableClient Table => tables.Get(TableName);

    public async Task<IReadOnlyList<Initiative>> ListAsync(string tenantId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<InitiativeEntity>(tenantId, ct)).Select(e => e.ToInitiative()).OrderBy(i => i.GoLive).ThenBy(i => i.Name).ToList();

    /// <summary>Every tenant's initiatives, for the background jobs.</summary>
    public async Task<IReadOnlyList<Initiative>> ListAllAsync(CancellationToken ct)
    {
        var result = new List<Initiative>();
        await foreach (var e in Table.QueryAsync<InitiativeEntity>(cancellationToken: ct))
        {
            result.Add(e.ToInitiative());
        }
        return result;
    }

    public async Task<Initiative?> GetAsync(string tenantId, string id, CancellationToken ct) =>
        (await Table.FindAsync<InitiativeEntity>(tenantId, id, ct))?.ToInitiative();

    public async Task AddAsync(Initiative initiative, CancellationToken ct) =>
        await Table.AddEntityAsync(InitiativeEntity.From(initiative), ct);

    /// <summary>Replaces the row only if nobody changed it since it was read (HTTP 412 otherwise).</summary>
    public async Task ReplaceAsync(Initiative initiative, CancellationToken ct) =>
        await Table.UpdateEntityAsync(InitiativeEntity.From(initiative), initiative.ETag, TableUpdateMode.Replace, ct);

    private sealed class InitiativeEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? Name { get; set; }
        public string? NameEn { get; set; }
        public string? SignInAppId { get; set; }
        public string? GoLive { get; set; }
        public int TargetPercent { get; set; }
        public string? TargetDate { get; set; }
        public string? DepartmentIds { get; set; }
        public string? CreatedBy { get; set; }
        public DateTimeOffset CreatedAt { get; set; }

        public static InitiativeEntity From(Initiative i) => new()
        {
            PartitionKey = i.TenantId,
            RowKey = i.Id,
            ETag = i.ETag,
            Name = i.Name,
            NameEn = i.NameEn,
            SignInAppId = i.SignInAppId,
            GoLive = i.GoLive.ToString("O"),
            TargetPercent = i.TargetPercent,
            TargetDate = i.TargetDate.ToString("O"),
            DepartmentIds = string.Join(';', i.DepartmentIds),
            CreatedBy = i.CreatedBy,
            CreatedAt = i.CreatedAt,
        };

        public Initiative ToInitiative() => new()
        {
            TenantId = PartitionKey,
            Id = RowKey,
            ETag = ETag,
            Name = Name ?? "",
            NameEn = NameEn ?? "",
            SignInAppId = SignInAppId ?? "",
            GoLive = DateOnly.ParseExact(GoLive ?? "2000-01-01", "O"),
            TargetPercent = TargetPercent,
            TargetDate = DateOnly.ParseExact(TargetDate ?? "2000-01-01", "O"),
            DepartmentIds = (DepartmentIds ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries),
            CreatedBy = CreatedBy ?? "",
            CreatedAt = CreatedAt,
        };
    }
}
