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
public sealed class AnswerRetention(PulseRunRepository runs, PulseResponseRepository responses, JobMarks marks,
    IOptionsMonitor<PrivacyOptions> options, TimeProvider time, ILogger<AnswerRetention> logger)
{
    private readonly string owner = Guid.NewGuid().ToString("N");

    /// <summary>Returns the runs this call purged; zero when another instance holds the job.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var cutoff = now - options.CurrentValue.AnswerRetention;
        if (await marks.TryTakeLeaseAsync("answer-retention", owner, options.CurrentValue.RetentionLease, ct) is not { } lease)
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
            await marks.ReleaseAsync(lease, CancellationToken.None);
        }
        return purged;
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
