using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TeamsDxBot.Pulse;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Privacy;

/// <summary>
/// Deletes raw pulse answers and free-text comments once their run closed more than
/// <see cref="PrivacyOptions.AnswerRetention"/> ago (so every answer in it is older than that); the
/// rollups' and summaries' counts stay, so the report figures do not change. One instance at a time
/// holds a lease (a row in JobMarks, taken with an insert or an ETag-conditional takeover once expired),
/// and each finished run gets a JobMarks mark, so a second instance, or the next run, does not repeat it.
/// </summary>
public sealed class AnswerRetention(PulseRunRepository runs, PulseResponseRepository responses, JobMarks marks, Tables tables,
    IOptionsMonitor<PrivacyOptions> options, TimeProvider time, ILogger<AnswerRetention> logger)
{
    private const string LeasePartition = "*";
    private const string LeaseKey = "lease|answer-retention";

    private readonly string owner = Guid.NewGuid().ToString("N");

    /// <summary>Returns the runs this call purged; zero when another instance holds the job.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cutoff = now - options.CurrentValue.AnswerRetention;
        if (await TakeLeaseAsync(now, ct) is not { } lease)
        {
            return 0;
        }
        var purged = 0;
        try
        {
            foreach (var run in await runs.ListClosedBeforeAsync(cutoff, ct))
            {
                var mark = "answer-retention|" + run.Id;
                if (await marks.IsDoneAsync(run.TenantId, mark, ct))
                {
                    continue;
                }
                var deleted = await responses.PurgeAsync(run.TenantId, run, cutoff, ct);
                await runs.DropSummaryCommentsAsync(run.TenantId, run.Id, c => c.At < cutoff, ct);
                await marks.MarkDoneAsync(run.TenantId, mark, ct);
                purged++;
                logger.LogInformation("Deleted {Count} raw answers of run {RunId} of tenant {TenantId} past retention", deleted, run.Id, run.TenantId);
            }
        }
        finally
        {
            await ReleaseAsync(lease, CancellationToken.None);
        }
        return purged;
    }

    private TableClient Leases => tables.Get(JobMarks.TableName);

    private async Task<ETag?> TakeLeaseAsync(DateTimeOffset now, CancellationToken ct)
    {
        var entity = new TableEntity(LeasePartition, LeaseKey) { ["Owner"] = owner, ["Until"] = now + options.CurrentValue.RetentionLease };
        try
        {
            var current = await Leases.GetEntityIfExistsAsync<TableEntity>(LeasePartition, LeaseKey, cancellationToken: ct);
            if (!current.HasValue || current.Value is null)
            {
                return (await Leases.AddEntityAsync(entity, ct)).Headers.ETag;
            }
            if (current.Value.GetDateTimeOffset("Until") > now && current.Value.GetString("Owner") != owner)
            {
                return null;
            }
            return (await Leases.UpdateEntityAsync(entity, current.Value.ETag, TableUpdateMode.Replace, ct)).Headers.ETag;
        }
        catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed())
        {
            return null;
        }
    }

    private async Task ReleaseAsync(ETag lease, CancellationToken ct)
    {
        try
        {
            var released = new TableEntity(LeasePartition, LeaseKey) { ["Owner"] = owner, ["Until"] = time.GetUtcNow() };
            await Leases.UpdateEntityAsync(released, lease, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            // Taken over after it expired: that instance holds it now.
        }
    }
}

/// <summary>
/// Runs <see cref="AnswerRetention"/> on every instance (the lease makes one of them do the work), and
/// finishes any person deletion that was cut short.
/// </summary>
public sealed class AnswerRetentionJob(AnswerRetention retention, PersonData people, IOptionsMonitor<PrivacyOptions> options, TimeProvider time, ILogger<AnswerRetentionJob> logger)
    : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.RetentionCheckInterval;

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await people.ResumeAsync(ct);
        await retention.PurgeAsync(ct);
    }
}
