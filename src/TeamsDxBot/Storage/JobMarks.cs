using Azure.Data.Tables;

namespace TeamsDxBot.Storage;

/// <summary>
/// Table "JobMarks". PartitionKey = tenant id, RowKey = a job's key ("exec-monthly|2026-12").
/// Scheduled jobs record here that they are done, so no instance repeats the work on its next tick;
/// what they send goes through the outbox's de-duplication, so two instances racing send it once.
/// </summary>
public sealed class JobMarks(Tables tables, TimeProvider time)
{
    public const string TableName = "JobMarks";

    private TableClient Table => tables.Get(TableName);

    public async Task<bool> IsDoneAsync(string tenantId, string key, CancellationToken ct) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, key, select: ["RowKey"], cancellationToken: ct)).HasValue;

    public async Task MarkDoneAsync(string tenantId, string key, CancellationToken ct) =>
        await Table.UpsertEntityAsync(new TableEntity(tenantId, key) { ["DoneAt"] = time.GetUtcNow() }, TableUpdateMode.Replace, ct);
}
