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
        (await Table.ReadPartitionAsync<TableEntity>(tenantId, ct)).Select(From).OrderBy(i => i.Status == ImprovementStatus.Done).ThenByDescending(i => i.UpdatedAt).ToList();

    public async Task<Improvement?> GetAsync(string tenantId, string id, CancellationToken ct) =>
        await Table.FindAsync<TableEntity>(tenantId, id, ct) is { } e ? From(e) : null;

    public async Task AddAsync(Improvement item, CancellationToken ct) => await Table.AddEntityAsync(To(item), ct);

    /// <summary>False when someone changed it since it was read.</summary>
    public async Task<bool> TryReplaceAsync(Improvement item, CancellationToken ct)
    {
        try
        {
            await Table.UpdateEntityAsync(To(item), item.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return false;
        }
    }

    private static TableEntity To(Improvement i) => new(i.TenantId, i.Id)
    {
        ETag = i.ETag,
        ["InitiativeId"] = i.InitiativeId,
        ["Title"] = i.Title,
        ["Owner"] = i.Owner,
        ["Status"] = i.Status.ToString(),
        ["DepartmentIds"] = string.Join(';', i.DepartmentIds),
        ["Source"] = i.Source,
        ["CreatedBy"] = i.CreatedBy,
        ["CreatedAt"] = i.CreatedAt,
        ["UpdatedAt"] = i.UpdatedAt,
        ["AnnouncedAt"] = i.AnnouncedAt,
    };

    private static Improvement From(TableEntity e) => new()
    {
        TenantId = e.PartitionKey,
        Id = e.RowKey,
        ETag = e.ETag,
        InitiativeId = e.GetString("InitiativeId") ?? "",
        Title = e.GetString("Title") ?? "",
        Owner = e.GetString("Owner") ?? "",
        Status = Enum.TryParse<ImprovementStatus>(e.GetString("Status"), out var s) ? s : ImprovementStatus.Open,
        DepartmentIds = (e.GetString("DepartmentIds") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries),
        Source = e.GetString("Source") ?? "",
        CreatedBy = e.GetString("CreatedBy") ?? "",
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        AnnouncedAt = e.GetDateTimeOffset("AnnouncedAt"),
    };
}
