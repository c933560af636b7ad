using Microsoft.Extensions.Options;
using TeamsDxBot.Observability;

namespace TeamsDxBot.Questions;

/// <summary>The periodic pass over questions awaiting an answer: reminders before the due time, escalation after it.</summary>
public sealed class QuestionDeadlineCheck(QuestionRepository questions, QuestionNotifications notifications, Telemetry telemetry,
    IOptions<QuestionOptions> options, TimeProvider time, ILogger<QuestionDeadlineCheck> logger)
{
    /// <summary>
    /// A nearly due question reminds its assignees once; an overdue one goes to the promoters once.
    /// Each is decided with an ETag-guarded write, so two instances running this never both send.
    /// </summary>
    public async Task<(int Nudged, int Escalated)> CheckDeadlinesAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (nudged, escalated) = (0, 0);
        foreach (var candidate in await questions.ListAwaitingAnswerAsync(now + options.Value.NudgeBefore, ct))
        {
            var overdue = candidate.DueAt <= now;
            if (!await RemindOrEscalateAsync(candidate, now, ct))
            {
                continue;
            }
            if (overdue)
            {
                escalated++;
            }
            else
            {
                nudged++;
            }
        }
        await QueueOwedNoticesAsync(now, ct);
        if (nudged + escalated > 0)
        {
            logger.LogInformation("Question deadlines: {Nudged} reminded, {Escalated} escalated", nudged, escalated);
        }
        var (open, pastDue) = await questions.CountAwaitingAnswerAsync(now, ct);
        telemetry.QuestionsObserved(open, pastDue);
        return (nudged, escalated);
    }

    /// <summary>Decided on the stored row; true when this pass made the change (and queued its messages).</summary>
    private async Task<bool> RemindOrEscalateAsync(Question candidate, DateTimeOffset now, CancellationToken ct)
    {
        var (question, changed) = await questions.UpdateAsync<bool>(candidate.TenantId, candidate.Id, q =>
            !q.IsOpenForAnswer || q.Escalated ? (null, false)
            : q.DueAt <= now ? ((q with { Escalated = true, Nudged = true }).With(new QuestionEvent(now, "system", "escalated")), true)
            : !q.Nudged && q.DueAt <= now + options.Value.NudgeBefore ? ((q with { Nudged = true }).With(new QuestionEvent(now, "system", "nudged")), true)
            : (null, false), false, ct);
        if (!changed || question is null)
        {
            return false;
        }
        await notifications.NotifyAsync(question, ct);
        return true;
    }

    // Changes whose instance stopped before their messages were queued (a minute is far more than a turn takes).
    private async Task QueueOwedNoticesAsync(DateTimeOffset now, CancellationToken ct)
    {
        foreach (var owing in await questions.ListOwingNoticesAsync(ct))
        {
            if (owing.History.Count > 0 && owing.History[^1].At < now - TimeSpan.FromMinutes(1))
            {
                logger.LogWarning("Question {QuestionId}: queuing messages a stopped instance left unqueued", owing.Id);
                await notifications.NotifyAsync(owing, ct);
            }
        }
    }
}
