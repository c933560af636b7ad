using Azure;
using Azure.Data.Tables;

namespace TeamsDxBot.Storage;

/// <summary>
/// Table "JobMarks". PartitionKey = tenant id, RowKey = a job's key ("exec-monthly|2026-12").
/// Scheduled jobs record here that they are done, so no instance repeats the work on its next tick;
/// what they send goes through the outbox's de-duplication, so two instances racing send it once.
/// Leases of jobs that span every tenant: PartitionKey = "*", RowKey = "lease|" + job, with the
/// holder and the time it holds until.
/// </summary>
public sealed class JobMarks(Tables tables, TimeProvider time)
{
    public const string TableName = "JobMarks";

    private TableClient Table => tables.Get(TableName);

    // A property bag for a key-only select: only whether the row exists matters.
    public async Task<bool> IsDoneAsync(string tenantId, string key, CancellationToken ct) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, key, select: ["RowKey"], cancellationToken: ct)).HasValue;

    public async Task MarkDoneAsync(string tenantId, string key, CancellationToken ct) =>
        await Table.UpsertEntityAsync(new MarkEntity { PartitionKey = tenantId, RowKey = key, DoneAt = time.GetUtcNow() }, TableUpdateMode.Replace, ct);

    private const string LeasePartition = "*";

    /// <summary>
    /// Takes the job for <paramref name="owner"/> until now + <paramref name="duration"/>, or null while
    /// another instance holds it. A lease taken over after it expired is taken with the row's ETag, so two
    /// instances cannot both win.
    /// </summary>
    public async Task<JobLease?> TryTakeLeaseAsync(string job, string owner, TimeSpan duration, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var entity = new LeaseEntity { PartitionKey = LeasePartition, RowKey = "lease|" + job, Owner = owner, Until = now + duration };
        try
        {
            var current = await Table.GetEntityIfExistsAsync<LeaseEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: ct);
            if (!current.HasValue || current.Value is null)
            {
                return new JobLease(job, owner, (await Table.AddEntityAsync(entity, ct)).Headers.ETag ?? default);
            }
            if (current.Value.Until > now && current.Value.Owner != owner)
            {
                return null;
            }
            return new JobLease(job, owner, (await Table.UpdateEntityAsync(entity, current.Value.ETag, TableUpdateMode.Replace, ct)).Headers.ETag ?? default);
        }
        catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed())
        {
            return null;
        }
    }

    /// <summary>Ends a lease at once; one taken over meanwhile (it had expired) stays with its new holder.</summary>
    public async Task ReleaseAsync(JobLease lease, CancellationToken ct)
    {
        try
        {
            var released = new LeaseEntity { PartitionKey = LeasePartition, RowKey = "lease|" + lease.Job, Owner = lease.Owner, Until = time.GetUtcNow() };
            await Table.UpdateEntityAsync(released, lease.ETag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
        }
    }

    private sealed class MarkEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public DateTimeOffset? DoneAt { get; set; }
    }

    private sealed class LeaseEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public string? Owner { get; set; }
        public DateTimeOffset? Until { get; set; }
    }
}

public sealed record JobLease(string Job, string Owner, ETag ETag);
