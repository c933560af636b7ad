using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Improvements;

public enum ImprovementStatus
{
    Open,
    InProgress,
    Done,
    AskedVendor,
}

/// <summary>Something the promoter decided to improve because people said so (a blocker or a comment).</summary>
public sealed record Improvement
{
    public const int MaxTitle = 120;
    public const int MaxOwner = 60;
    public const int MaxSource = 500;
    public const int MaxMessage = 1000;

    public required string TenantId { get; init; }
    public required string Id { get; init; }
    public required string InitiativeId { get; init; }
    public required string Title { get; init; }
    public string Owner { get; init; } = "";
    public ImprovementStatus Status { get; init; }
    /// <summary>The departments it concerns; empty = the initiative's departments (or everyone).</summary>
    public IReadOnlyList<string> DepartmentIds { get; init; } = [];
    /// <summary>The voice it came from (a blocker or a comment), as the promoter pasted it.</summary>
    public string Source { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When the "you said, we did" message went out.</summary>
    public DateTimeOffset? AnnouncedAt { get; init; }
    public ETag ETag { get; init; }
}

/// <summary>Table "Improvements". PartitionKey = tenant id, RowKey = item id.</summary>
public sealed class ImprovementRepository(Tables tables)
{
    public const string TableName = "Improvements";

    private TableClient Table => tables.Get(TableName);

    public async Task<IReadOnlyList<Improvement>> ListAsync(string tenantId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<ImprovementEntity>(tenantId, ct)).Select(e => e.ToImprovement()).OrderBy(i => i.Status == ImprovementStatus.Done).ThenByDescending(i => i.UpdatedAt).ToList();

    public async Task<Improvement?> GetAsync(string tenantId, string id, CancellationToken ct) =>
        await Table.FindAsync<ImprovementEntity>(tenantId, id, ct) is { } e ? e.ToImprovement() : null;

    public async Task AddAsync(Improvement item, CancellationToken ct) => await Table.AddEntityAsync(ImprovementEntity.From(item), ct);

    /// <summary>False when someone changed it since it was read.</summary>
    public async Task<bool> TryReplaceAsync(Improvement item, CancellationToken ct)
    {
        try
        {
            await Table.UpdateEntityAsync(ImprovementEntity.From(item), item.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return false;
        }
    }
}

internal sealed class ImprovementEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
    public string? InitiativeId { get; set; }
    public string? Title { get; set; }
    public string? Owner { get; set; }
    public string? Status { get; set; }
    /// <summary>Department ids joined with ';'.</summary>
    public string? DepartmentIds { get; set; }
    public string? Source { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public DateTimeOffset? AnnouncedAt { get; set; }

    public static ImprovementEntity From(Improvement i) => new()
    {
        PartitionKey = i.TenantId,
        RowKey = i.Id,
        ETag = i.ETag,
        InitiativeId = i.InitiativeId,
        Title = i.Title,
        Owner = i.Owner,
        Status = i.Status.ToString(),
        DepartmentIds = string.Join(';', i.DepartmentIds),
        Source = i.Source,
        CreatedBy = i.CreatedBy,
        CreatedAt = i.CreatedAt,
        UpdatedAt = i.UpdatedAt,
        AnnouncedAt = i.AnnouncedAt,
    };

    public Improvement ToImprovement() => new()
    {
        TenantId = PartitionKey,
        Id = RowKey,
        ETag = ETag,
        InitiativeId = InitiativeId ?? "",
        Title = Title ?? "",
        Owner = Owner ?? "",
        Status = Enum.TryParse<ImprovementStatus>(Status, out var s) ? s : ImprovementStatus.Open,
        DepartmentIds = (DepartmentIds ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries),
        Source = Source ?? "",
        CreatedBy = CreatedBy ?? "",
        CreatedAt = CreatedAt ?? default,
        UpdatedAt = UpdatedAt ?? default,
        AnnouncedAt = AnnouncedAt,
    };
}
