using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Usage;

/// <summary>
/// Where an initiative's sign-in reading stands: read up to <see cref="ReadUntil"/> for <see cref="AppId"/>,
/// what the last successful read found, and the last failure (shown to promoters until a read succeeds).
/// </summary>
public sealed record SignInRead
{
    public required string TenantId { get; init; }
    public required string InitiativeId { get; init; }
    public required string AppId { get; init; }
    /// <summary>Sign-ins before this instant are read and stored (the start of the company day after the last one read).</summary>
    public DateTimeOffset? ReadUntil { get; init; }
    public DateTimeOffset? LastReadAt { get; init; }
    /// <summary>People in the directory with at least one day of use in the last successful read.</summary>
    public int LastPeople { get; init; }
    /// <summary>Distinct users in that read who are not in the directory: counted, never guessed.</summary>
    public int LastUnmatched { get; init; }
    /// <summary>Resource key of the last failure, or null when the last read succeeded.</summary>
    public string? ErrorKey { get; init; }
    public int ErrorStatus { get; init; }
    public DateTimeOffset? ErrorAt { get; init; }
}

/// <summary>Table "SignInReads". PartitionKey = tenant id, RowKey = initiative id.</summary>
public sealed class SignInReadRepository(Tables tables)
{
    public const string TableName = "SignInReads";

    private TableClient Table => tables.Get(TableName);

    public async Task<SignInRead?> GetAsync(string tenantId, string initiativeId, CancellationToken ct) =>
        (await Table.FindAsync<ReadEntity>(tenantId, initiativeId, ct))?.ToRead();

    /// <summary>Only the instance holding the initiative's lease writes, so the last write is the truth.</summary>
    public async Task SaveAsync(SignInRead read, CancellationToken ct) =>
        await Table.UpsertEntityAsync(ReadEntity.From(read), TableUpdateMode.Replace, ct);

    private sealed class ReadEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? AppId { get; set; }
        public DateTimeOffset? ReadUntil { get; set; }
        public DateTimeOffset? LastReadAt { get; set; }
        public int LastPeople { get; set; }
        public int LastUnmatched { get; set; }
        public string? ErrorKey { get; set; }
        public int ErrorStatus { get; set; }
        public DateTimeOffset? ErrorAt { get; set; }

        public static ReadEntity From(SignInRead r) => new()
        {
            PartitionKey = r.TenantId,
            RowKey = r.InitiativeId,
            AppId = r.AppId,
            ReadUntil = r.ReadUntil,
            LastReadAt = r.LastReadAt,
            LastPeople = r.LastPeople,
            LastUnmatched = r.LastUnmatched,
            ErrorKey = r.ErrorKey,
            ErrorStatus = r.ErrorStatus,
            ErrorAt = r.ErrorAt,
        };

        public SignInRead ToRead() => new()
        {
            TenantId = PartitionKey,
            InitiativeId = RowKey,
            AppId = AppId ?? "",
            ReadUntil = ReadUntil,
            LastReadAt = LastReadAt,
            LastPeople = LastPeople,
            LastUnmatched = LastUnmatched,
            ErrorKey = ErrorKey,
            ErrorStatus = ErrorStatus,
            ErrorAt = ErrorAt,
        };
    }
}
