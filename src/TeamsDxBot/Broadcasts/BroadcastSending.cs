using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>Putting broadcasts on the schedule, sending them now, and stopping what has not gone out.</summary>
public sealed class BroadcastSending(
    BroadcastRepository broadcasts,
    BroadcastScheduler scheduler,
    BroadcastPermissions permissions,
    BroadcastValidation validation,
    BroadcastComposing composing,
    BroadcastZones zones,
    TimeProvider time,
    ILogger<BroadcastSending> logger)
{
    /// <summary>Sends now, or schedules, as the composer's "when" says.</summary>
    public async Task<BroadcastResult> SubmitAsync(UserContext actor, BroadcastForm form, CancellationToken ct)
    {
        var (refusal, existing, candidate, problems) = await composing.PrepareAsync(actor, form, draft: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var zone = await zones.ZoneForAsync(actor, existing, ct);
        var sendNow = candidate.Schedule.TimingOrNow == BroadcastTiming.Now;
        var instants = Instants(candidate.Schedule, sendNow, zone, time.GetUtcNow(), problems);
        if (problems.Count == 0 && (await scheduler.AudienceAsync(candidate, ct)).Count == 0)
        {
            problems.Add(new(nameof(Strings.Broadcast_NobodyToSend)));
        }
        if (problems.Count > 0)
        {
            return new(BroadcastOutcome.Invalid, null, problems);
        }
        var scheduled = candidate with
        {
            Status = BroadcastStatus.Scheduled,
            TimeZone = zone.Id,
            Occurrences = instants.Select((at, i) => new BroadcastOccurrence(i + 1, at)).ToList(),
        };
        var stored = await composing.StoreAsync(actor, existing, scheduled, BroadcastOutcome.Scheduled, ct);
        if (stored.Outcome != BroadcastOutcome.Scheduled || !sendNow)
        {
            return stored;
        }
        return new(BroadcastOutcome.Sent, await scheduler.SendDueAsync(stored.Broadcast!, ct) ?? stored.Broadcast);
    }

    /// <summary>A draft goes out now as one message; a scheduled broadcast's next occurrence goes out now.</summary>
    public async Task<BroadcastResult> SendNowAsync(UserContext actor, string? id, CancellationToken ct)
    {
        var (refusal, broadcast) = await permissions.LoadManageableAsync(actor, id, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var problems = await validation.ValidateAsync(actor.Person, actor.Roles, broadcast!, draft: false, ct);
        if (problems.Count == 0 && (await scheduler.AudienceAsync(broadcast!, ct)).Count == 0)
        {
            problems.Add(new(nameof(Strings.Broadcast_NobodyToSend)));
        }
        if (problems.Count > 0)
        {
            return new(BroadcastOutcome.Invalid, broadcast, problems);
        }
        var now = time.GetUtcNow();
        var updated = await DueNowAsync(actor, broadcast!, now, ct);
        var stored = await broadcasts.TryReplaceAsync(updated with { Status = BroadcastStatus.Scheduled, UpdatedAt = now, UpdatedBy = actor.Person.AadObjectId }, ct);
        if (stored is null)
        {
            return new(BroadcastOutcome.Stale, await broadcasts.GetAsync(broadcast!.TenantId, broadcast.Id, ct));
        }
        logger.LogInformation("Broadcast {BroadcastId} sent now by {Actor}", stored.Id, actor.Person.AadObjectId);
        return new(BroadcastOutcome.Sent, await scheduler.SendDueAsync(stored, ct) ?? stored);
    }

    /// <summary>Stops what has not gone out yet; occurrences already sent stay in the history.</summary>
    public async Task<BroadcastResult> CancelAsync(UserContext actor, string? id, CancellationToken ct)
    {
        for (var round = 0; round < 3; round++)
        {
            var (refusal, broadcast) = await permissions.LoadManageableAsync(actor, id, ct);
            if (refusal is not null)
            {
                return refusal;
            }
            var now = time.GetUtcNow();
            var cancelled = await broadcasts.TryReplaceAsync(broadcast! with { Status = BroadcastStatus.Cancelled, UpdatedAt = now, UpdatedBy = actor.Person.AadObjectId }, ct);
            if (cancelled is not null)
            {
                logger.LogInformation("Broadcast {BroadcastId} cancelled by {Actor}", cancelled.Id, actor.Person.AadObjectId);
                return new(BroadcastOutcome.Cancelled, cancelled);
            }
            // The scheduler (or someone) got there first: look again, it may now be going out.
        }
        return new(BroadcastOutcome.Stale);
    }

    /// <summary>When the occurrences go out: now, or as the schedule says; what is wrong with it is added to <paramref name="problems"/>.</summary>
    private static IReadOnlyList<DateTimeOffset> Instants(BroadcastScheduleForm schedule, bool sendNow, TimeZoneInfo zone, DateTimeOffset now, List<BroadcastProblem> problems)
    {
        if (!schedule.TimingIsKnown)
        {
            problems.Add(new(nameof(Strings.Broadcast_TimingInvalid)));
            return [now];
        }
        if (sendNow)
        {
            return [now];
        }
        var (instants, scheduleProblems) = BroadcastTimings.Compute(schedule, zone, now);
        problems.AddRange(scheduleProblems);
        return instants;
    }

    /// <summary>A draft (or a broadcast with nothing left to send) becomes one message now; otherwise its next occurrence is moved to now.</summary>
    private async Task<Broadcast> DueNowAsync(UserContext actor, Broadcast broadcast, DateTimeOffset now, CancellationToken ct)
    {
        var next = broadcast.Occurrences.Where(o => o.StartedAt is null).MinBy(o => o.Number);
        return broadcast.Status == BroadcastStatus.Draft || next is null
            ? broadcast with
            {
                Occurrences = [new BroadcastOccurrence(1, now)],
                Schedule = broadcast.Schedule with { Timing = BroadcastTiming.Now },
                TimeZone = broadcast.TimeZone ?? (await zones.ZoneForAsync(actor, broadcast, ct)).Id,
            }
            : broadcast with { Occurrences = broadcast.Occurrences.Select(o => o.Number == next.Number ? o with { At = now } : o).ToList() };
    }
}
