using System.Globalization;
using Azure;
using Azure.Data.Tables;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Metrics;

/// <summary>How one upload landed: rows that were new and rows that replaced the same week and department.</summary>
public sealed record ToolMetricsWrite(int Added, int Replaced)
{
    public int Stored => Added + Replaced;
}

/// <summary>
/// Table "ToolMetrics". PartitionKey = "{tenantId}|{initiativeId}", RowKey = "{yyyy-MM-dd of the week's
/// Monday}|{departmentId, or * for the whole company}". One initiative's history is one partition read,
/// already in week order, and sending a week and department again lands on the same row.
/// </summary>
/// <remarks>
/// An upload is written in entity-group transactions of at most 100 rows (the Table service's limit), so
/// each batch is all or nothing. Above 100 rows there are several batches: if a later one fails, the
/// earlier ones are put back as they were (rows that were new are deleted, replaced rows get their old
/// figures back), each guarded by the ETag this upload wrote, so a newer upload that arrived meanwhile
/// is never undone. Only if that undo fails too (storage gone mid-upload) can part of an upload remain;
/// that is logged as an error.
/// </remarks>
public sealed class ToolMetricsRepository(Tables tables, ILogger<ToolMetricsRepository> logger)
{
    public const string TableName = "ToolMetrics";
    public const int MaxBatch = 100;
    private const string CompanyKey = "*";
    private static readonly ConflictRetry Retry = new(maxAttempts: 5, TimeSpan.FromMilliseconds(20), Polly.DelayBackoffType.Exponential,
        e => e is TableTransactionFailedException { Status: 409 or 412 or 404 });

    private TableClient Table => tables.Get(TableName);

    public static string PartitionKeyOf(string tenantId, string initiativeId) => tenantId + "|" + initiativeId;

    public static string RowKeyOf(DateOnly weekStart, string? departmentId) =>
        ToolMetric.MondayOf(weekStart).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "|" + (departmentId ?? CompanyKey);

    /// <summary>Every week stored for the initiative, oldest first; the whole company before departments within a week.</summary>
    public async Task<IReadOnlyList<ToolMetric>> ListAsync(string tenantId, string initiativeId, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<MetricEntity>(PartitionKeyOf(tenantId, initiativeId), ct))
            .Select(e => e.ToMetric())
            .OrderBy(m => m.WeekStart)
            .ThenBy(m => m.DepartmentId is not null)
            .ThenBy(m => m.DepartmentId, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Stores the figures of one initiative; a week and department already stored is replaced. The caller
    /// has checked there is at most one row per week and department.
    /// </summary>
    public async Task<ToolMetricsWrite> UpsertAsync(string tenantId, string initiativeId, IReadOnlyList<ToolMetric> metrics, CancellationToken ct)
    {
        var partition = PartitionKeyOf(tenantId, initiativeId);
        if (metrics.Any(m => PartitionKeyOf(m.TenantId, m.InitiativeId) != partition))
        {
            throw new ArgumentException("Every figure of one upload belongs to the same tenant and initiative.", nameof(metrics));
        }
        var existing = await ReadAsync(partition, ct);
        var written = new List<Written>();
        try
        {
            foreach (var chunk in metrics.Select(MetricEntity.From).Chunk(MaxBatch))
            {
                written.AddRange(await Retry.RunAsync(async (attempt, token) =>
                {
                    if (attempt > 0)
                    {
                        // Another upload of the same weeks won the race; the latest upload wins, so write over it.
                        logger.LogInformation("Metrics batch for {Partition} raced with another upload; retrying (attempt {Attempt})", partition, attempt);
                        existing = await ReadAsync(partition, token);
                    }
                    // New rows are inserted and existing ones replaced under their ETag, so the counts are exact
                    // and a row written by someone else meanwhile is noticed rather than assumed.
                    var befores = chunk.Select(e => existing.GetValueOrDefault(e.RowKey)).ToArray();
                    var actions = chunk.Select((e, i) => befores[i] is { } before
                        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, e, before.ETag)
                        : new TableTransactionAction(TableTransactionActionType.Add, e)).ToList();
                    var response = await Table.SubmitTransactionAsync(actions, token);
                    return chunk.Select((e, i) => new Written(befores[i], e, response.Value[i].Headers.ETag ?? ETag.All)).ToList();
                }, ct));
            }
        }
        catch (Exception e) when (written.Count > 0)
        {
            logger.LogWarning(e, "Metrics upload for {Partition} failed after {Written} of {Rows} rows; undoing them", partition, written.Count, metrics.Count);
            await UndoAsync(partition, written);
            throw;
        }
        var replaced = written.Count(w => w.Before is not null);
        return new ToolMetricsWrite(written.Count - replaced, replaced);
    }

    private sealed record Written(MetricEntity? Before, MetricEntity After, ETag AfterETag);

    private async Task UndoAsync(string partition, List<Written> written)
    {
        foreach (var chunk in written.Chunk(MaxBatch))
        {
            var actions = chunk.Select(w => w.Before is { } before
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, before, w.AfterETag)
                : new TableTransactionAction(TableTransactionActionType.Delete, w.After, w.AfterETag)).ToList();
            try
            {
                // Not the caller's token: a cancelled request must not leave half an upload behind.
                await Table.SubmitTransactionAsync(actions, CancellationToken.None);
            }
            catch (Exception e) when (e is RequestFailedException or TableTransactionFailedException)
            {
                logger.LogError(e, "Could not undo {Rows} metrics rows of a failed upload in {Partition}; they remain stored", chunk.Length, partition);
            }
        }
    }

    private async Task<Dictionary<string, MetricEntity>> ReadAsync(string partition, CancellationToken ct) =>
        (await Table.ReadPartitionAsync<MetricEntity>(partition, ct)).ToDictionary(e => e.RowKey, StringComparer.Ordinal);

    private sealed class MetricEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? TenantId { get; set; }
        public string? InitiativeId { get; set; }
        public string? Week { get; set; }
        public string? DepartmentId { get; set; }
        public int? ActiveUsers { get; set; }
        public double? InputCompletionRate { get; set; }
        public int? ErrorCount { get; set; }
        public string? Source { get; set; }
        public DateTimeOffset ReceivedAt { get; set; }

        public static MetricEntity From(ToolMetric m) => new()
        {
            PartitionKey = PartitionKeyOf(m.TenantId, m.InitiativeId),
            RowKey = RowKeyOf(m.WeekStart, m.DepartmentId),
            TenantId = m.TenantId,
            InitiativeId = m.InitiativeId,
            Week = m.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DepartmentId = m.DepartmentId,
            ActiveUsers = m.ActiveUsers,
            InputCompletionRate = m.InputCompletionRate,
            ErrorCount = m.ErrorCount,
            Source = m.Source,
            ReceivedAt = m.ReceivedAt,
        };

        public ToolMetric ToMetric() => new()
        {
            TenantId = TenantId ?? "",
            InitiativeId = InitiativeId ?? "",
            WeekStart = DateOnly.ParseExact(Week ?? RowKey[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            DepartmentId = DepartmentId,
            ActiveUsers = ActiveUsers,
            InputCompletionRate = InputCompletionRate,
            ErrorCount = ErrorCount,
            Source = Source ?? "",
            ReceivedAt = ReceivedAt,
        };
    }
}
