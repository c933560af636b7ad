using Cronos;
using Microsoft.Extensions.Options;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Calendar;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary>
/// Creates runs when their time comes, sends each person's survey at the scheduled wall-clock time in
/// their own zone, reminds those who have not answered, and folds closed runs into their final
/// figures. Every step is safe when two instances run it at once: runs and invitations are
/// insert-if-absent, sends go through the outbox's de-duplication, and state changes use ETags.
/// </summary>
public sealed class PulseScheduler(
    InitiativeRepository initiatives,
    PulseSettingsRepository settingsRepository,
    PulseRunRepository runs,
    PulseInvitationRepository invitations,
    PulseResponseRepository responses,
    PulseSlotRepository slots,
    PersonRepository people,
    DepartmentRepository departments,
    PersonZones zones,
    PulseKeys keys,
    Outbox outbox,
    IPulseResultsPublisher reports,
    IOptions<PulseOptions> options, IOptions<AnonymityOptions> anonymity,
    TimeProvider time,
    ILogger<PulseScheduler> logger)
{
    /// <summary>How far back a missed occurrence is still sent (an instance that was down over the weekend).</summary>
    private static readonly TimeSpan Lookback = TimeSpan.FromDays(8);

    public static string MessageId(string runId) => $"pulse:{runId}";

    public async Task<PulseSettings> SettingsAsync(Initiative initiative, CancellationToken ct) =>
        await settingsRepository.GetAsync(initiative.TenantId, initiative.Id, ct)
        ?? new PulseSettings { TenantId = initiative.TenantId, InitiativeId = initiative.Id, StartedAt = initiative.CreatedAt };

    /// <summary>Who a run goes to: reachable people in the audience who have not paused pulses over that date.</summary>
    public static IReadOnlyList<Person> Audience(PulseSettings settings, Initiative initiative, IEnumerable<Person> everyone, DateOnly date) =>
        everyone.Where(p => p.CanBeMessaged)
            .Where(p => settings.AudienceAll || initiative.DepartmentIds.Count == 0 || (p.DepartmentId is { } d && initiative.DepartmentIds.Contains(d)))
            .Where(p => p.PulsePausedUntil is not { } until || until < date)
            .ToList();

    /// <summary>Who the audience leaves out on <paramref name="date"/> and why (no department, unreachable, paused).</summary>
    public static AudienceReach Reach(PulseSettings settings, Initiative initiative, IEnumerable<Person> everyone, DateOnly date) =>
        AudienceReach.Of(everyone, settings.AudienceAll || initiative.DepartmentIds.Count == 0 ? null : initiative.DepartmentIds.ToHashSet(StringComparer.Ordinal),
            p => p.PulsePausedUntil is { } until && until >= date);

    /// <summary><see cref="Reach"/> for a run going out today (company zone), as the directory says now.</summary>
    public async Task<AudienceReach> ReachAsync(Initiative initiative, CancellationToken ct) =>
        Reach(await SettingsAsync(initiative, ct), initiative, await people.ListAsync(initiative.TenantId, ct),
            DateOnly.FromDateTime(WallClock.ToLocal(time.GetUtcNow(), zones.Company)));

    /// <summary>The next scheduled sends in one zone, weekends skipped (shown to the promoter).</summary>
    public IReadOnlyList<DateTimeOffset> NextRuns(PulseSettings settings, Initiative initiative, TimeZoneInfo zone, int count)
    {
        var cron = CronExpression.Parse(settings.Cron);
        var from = time.GetUtcNow();
        var golive = WallClock.ToUtc(initiative.GoLive.ToDateTime(TimeOnly.MinValue), zone);
        if (golive > from)
        {
            from = golive;
        }
        return cron.GetOccurrences(from, from.AddYears(1), zone, true, false)
            .Where(o => zones.Hours(zone).IsWorkingDay(DateOnly.FromDateTime(o.DateTime)) && PulseSchedule.InRhythm(settings, DateOnly.FromDateTime(o.DateTime)))
            .Take(count)
            .ToList();
    }

    public async Task TickAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var tenant in (await initiatives.ListAllAsync(ct)).GroupBy(i => i.TenantId))
        {
            var context = await LoadAsync(tenant.Key, ct);
            var existing = (await runs.ListAsync(tenant.Key, ct)).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var initiative in tenant)
            {
                var settings = await SettingsAsync(initiative, ct);
                if (settings.Enabled && initiative.GoLive <= DateOnly.FromDateTime(now.UtcDateTime.AddDays(1)))
                {
                    await CreateDueRunsAsync(initiative, settings, context, existing, now, ct);
                }
            }
            await reports.SendMonthlyIfDueAsync(tenant.Key, ct);
        }

        foreach (var run in await runs.ListActiveAsync(ct))
        {
            await AdvanceAsync(run, now, ct);
        }
    }

    private sealed record TenantContext(IReadOnlyList<Person> People, IReadOnlyDictionary<string, Department> Departments);

    private async Task<TenantContext> LoadAsync(string tenantId, CancellationToken ct) =>
        new(await people.ListAsync(tenantId, ct), (await departments.ListAsync(tenantId, ct)).ToDictionary(d => d.Id));

    private async Task CreateDueRunsAsync(Initiative initiative, PulseSettings settings, TenantContext context, HashSet<string> existing, DateTimeOffset now, CancellationToken ct)
    {
        var audienceZones = Audience(settings, initiative, context.People, DateOnly.MaxValue).Select(p => zones.Of(p, context.Departments))
            .DistinctBy(z => z.Id).ToList();
        if (audienceZones.Count == 0)
        {
            return;
        }

        // Scheduled pulses: the latest occurrence in any audience zone that has come.
        var cron = CronExpression.Parse(settings.Cron);
        var from = now - Lookback > settings.StartedAt ? now - Lookback : settings.StartedAt;
        var due = audienceZones
            .Select(zone => cron.GetOccurrences(from, now, zone, true, true)
                .Select(o => o.DateTime)
                .Where(local => zones.Hours(zone).IsWorkingDay(DateOnly.FromDateTime(local)) && DateOnly.FromDateTime(local) >= initiative.GoLive
                    && PulseSchedule.InRhythm(settings, DateOnly.FromDateTime(local)))
                .Select(local => (DateTime?)local)
                .LastOrDefault())
            .OfType<DateTime>()
            .Distinct();
        foreach (var local in due)
        {
            var id = ScheduledRunId(initiative.Id, local);
            if (!existing.Contains(id))
            {
                // A manual run may have taken this occurrence's place (it replaces the week's scheduled one).
                if (await slots.ClaimAsync(initiative.TenantId, id, id, ct) is var owner && owner != id)
                {
                    logger.LogInformation("Pulse run {RunId} skipped: replaced by the manual run {ManualRunId}", id, owner);
                    existing.Add(id);
                    continue;
                }
                await CreateRunAsync(initiative, id, PulseRunKind.Pulse, null, local, settings.Questions, settings.WindowDays, settings, context, now, immediate: false, ct, sendDue: true);
                existing.Add(id);
            }
        }

        // Milestone reviews, at the review time on the first weekday from go-live + N months.
        foreach (var months in options.Value.ReviewMonths.Where(m => m > 0).Distinct())
        {
            var id = $"{initiative.Id}_review{months}";
            var date = initiative.GoLive.AddMonths(months);
            while (!zones.Hours(zones.Company).IsWorkingDay(date))
            {
                date = date.AddDays(1);
            }
            var local = date.ToDateTime(options.Value.ReviewTime);
            if (!existing.Contains(id) && audienceZones.Min(z => WallClock.ToUtc(local, z)) <= now)
            {
                await CreateRunAsync(initiative, id, PulseRunKind.Review, months, local, PulseDefaults.Review, options.Value.ReviewWindowDays, settings, context, now, immediate: false, ct, sendDue: true);
                existing.Add(id);
            }
        }
    }

    public static string ScheduledRunId(string initiativeId, DateTime local) => $"{initiativeId}_{local:yyyyMMddHHmm}";

    /// <summary>Monday of the week <paramref name="date"/> is in (weeks run Monday to Sunday).</summary>
    public static DateOnly WeekStart(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));

    /// <summary>A scheduled occurrence by its run id and when it goes out in the company's zone.</summary>
    public sealed record ScheduledSlot(string RunId, DateTimeOffset At);

    /// <summary>
    /// The scheduled pulses of this week (company zone) a manual run now takes the place of: the latest one
    /// that has come (which the next tick would create, if it has not) and the next one still to come.
    /// </summary>
    public IReadOnlyList<ScheduledSlot> ScheduledThisWeek(PulseSettings settings, Initiative initiative)
    {
        if (!settings.Enabled)
        {
            return [];
        }
        var now = time.GetUtcNow();
        var zone = zones.Company;
        var weekStart = WeekStart(DateOnly.FromDateTime(WallClock.ToLocal(now, zone)));
        var from = WallClock.ToUtc(weekStart.ToDateTime(TimeOnly.MinValue), zone);
        var until = WallClock.ToUtc(weekStart.AddDays(7).ToDateTime(TimeOnly.MinValue), zone);
        if (settings.StartedAt > from)
        {
            from = settings.StartedAt;
        }
        if (from >= until)
        {
            return [];
        }
        var week = CronExpression.Parse(settings.Cron).GetOccurrences(from, until, zone, true, false)
            .Where(o => zones.Hours(zone).IsWorkingDay(DateOnly.FromDateTime(o.DateTime)) && DateOnly.FromDateTime(o.DateTime) >= initiative.GoLive
                && PulseSchedule.InRhythm(settings, DateOnly.FromDateTime(o.DateTime)))
            .Select(o => new ScheduledSlot(ScheduledRunId(initiative.Id, o.DateTime), o))
            .ToList();
        return new[] { week.LastOrDefault(o => o.At <= now), week.FirstOrDefault(o => o.At > now) }.OfType<ScheduledSlot>().ToList();
    }

    /// <summary>The initiative's pulse that already went out this week (company zone), if any: a manual run then would be a second survey.</summary>
    public async Task<PulseRun?> RunThisWeekAsync(Initiative initiative, CancellationToken ct)
    {
        var week = WeekStart(DateOnly.FromDateTime(WallClock.ToLocal(time.GetUtcNow(), zones.Company)));
        return (await runs.ListAsync(initiative.TenantId, ct))
            .Where(r => r.InitiativeId == initiative.Id && r.Kind == PulseRunKind.Pulse && WeekStart(r.Date) == week)
            .MaxBy(r => r.CreatedAt);
    }

    /// <summary>
    /// "Run now": everyone in the audience gets it at once, closing after the usual window in their zone.
    /// It replaces this week's scheduled pulse still to come: the occurrence's slot is taken first, so the
    /// scheduler (on any instance) skips it, or, when the scheduler took it first, nothing is created here.
    /// Writes the run and its invitations; the next tick (<see cref="TickAsync"/>) queues the surveys.
    /// </summary>
    public async Task<PulseRun?> StartNowAsync(Initiative initiative, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var settings = await SettingsAsync(initiative, ct);
        var context = await LoadAsync(initiative.TenantId, ct);
        var local = WallClock.ToLocal(now, zones.Company);
        var id = $"{initiative.Id}_now{local:yyyyMMddHHmmss}";
        // Nobody to ask takes no slot, so the scheduled pulse still goes out once the audience is fixed.
        if (Audience(settings, initiative, context.People, DateOnly.FromDateTime(local)).Count == 0)
        {
            return null;
        }
        foreach (var scheduled in ScheduledThisWeek(settings, initiative))
        {
            var owner = await slots.ClaimAsync(initiative.TenantId, scheduled.RunId, id, ct);
            // Taken by the scheduler (or another press): that survey is this week's, unless it found nobody to ask.
            if (owner != id && (scheduled.At > now || await runs.GetAsync(initiative.TenantId, owner, ct) is not null))
            {
                return null;
            }
        }
        return await CreateRunAsync(initiative, id, PulseRunKind.Pulse, null, local,
            settings.Questions, settings.WindowDays, settings, context, now, immediate: true, ct);
    }

    /// <summary><see cref="StartNowAsync"/> and the surveys queued at once, in the caller's time.</summary>
    public async Task<PulseRun?> RunNowAsync(Initiative initiative, CancellationToken ct)
    {
        var run = await StartNowAsync(initiative, ct);
        if (run is not null)
        {
            await SendDueAsync(run, run.CreatedAt, ct);
        }
        return run;
    }

    /// <summary>The initiative's newest survey still taking answers, if any.</summary>
    public async Task<PulseRun?> OpenRunAsync(Initiative initiative, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return (await runs.ListAsync(initiative.TenantId, ct))
            .Where(r => r.InitiativeId == initiative.Id && r.IsOpen(now))
            .MaxBy(r => r.CreatedAt);
    }

    /// <summary>People in the run's audience now who were not invited when it started (added by a roster import, a new department, …).</summary>
    public async Task<IReadOnlyList<Person>> NewcomersAsync(PulseRun run, Initiative initiative, CancellationToken ct) =>
        await NewcomersAsync(run, initiative, await SettingsAsync(initiative, ct), await LoadAsync(run.TenantId, ct), ct);

    private async Task<IReadOnlyList<Person>> NewcomersAsync(PulseRun run, Initiative initiative, PulseSettings settings, TenantContext context, CancellationToken ct)
    {
        var invited = (await invitations.ListAsync(run.TenantId, run.Id, ct)).Select(i => i.AadObjectId).ToHashSet(StringComparer.Ordinal);
        return Audience(settings, initiative, context.People, run.Date).Where(p => !invited.Contains(p.AadObjectId)).ToList();
    }

    /// <summary>
    /// Sends the open run to the people added to its audience since it started, closing as it does for
    /// the others in their zone (never after the run). Safe to press twice or on two instances:
    /// invitations are insert-if-absent, the run's headcount is recounted from the invitations and written
    /// with its ETag, and the surveys go through the outbox's de-duplication. Returns how many were added.
    /// </summary>
    public async Task<int> SendToNewcomersAsync(PulseRun run, Initiative initiative, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (!run.IsOpen(now))
        {
            return 0;
        }
        var settings = await SettingsAsync(initiative, ct);
        var context = await LoadAsync(run.TenantId, ct);
        var windowDays = run.Kind == PulseRunKind.Review ? options.Value.ReviewWindowDays : settings.WindowDays;
        var added = (await NewcomersAsync(run, initiative, settings, context, ct)).Select(p =>
        {
            var zone = zones.Of(p, context.Departments);
            var hours = zones.Hours(zone);
            var started = IsManual(run) ? run.CreatedAt : WallClock.ToUtc(run.LocalTime, zone);
            var closes = hours.Add(started, hours.Day * windowDays);
            return new PulseInvitation
            {
                TenantId = run.TenantId,
                RunId = run.Id,
                AadObjectId = p.AadObjectId,
                DepartmentId = p.DepartmentId ?? "",
                SendAt = now,
                ClosesAt = closes < run.ClosesAt ? closes : run.ClosesAt,
            };
        }).Where(i => i.ClosesAt > now).ToList();
        if (added.Count == 0)
        {
            return 0;
        }
        await invitations.AddAllAsync(added, ct);
        for (var round = 0; round < 5; round++)
        {
            var current = await runs.GetAsync(run.TenantId, run.Id, ct);
            if (current is null)
            {
                return 0;
            }
            var invited = (await invitations.ListAsync(run.TenantId, run.Id, ct)).GroupBy(i => i.DepartmentId).ToDictionary(g => g.Key, g => g.Count());
            if (await runs.TryReplaceAsync(current with { Invited = invited }, ct))
            {
                break;
            }
        }
        logger.LogInformation("Pulse run {RunId}: {Added} people added since it started invited", run.Id, added.Count);
        await SendDueAsync((await runs.GetAsync(run.TenantId, run.Id, ct)) ?? run, now, ct);
        return added.Count;
    }

    private static bool IsManual(PulseRun run) => run.Id.Contains("_now", StringComparison.Ordinal);

    private async Task<PulseRun?> CreateRunAsync(Initiative initiative, string id, PulseRunKind kind, int? milestone, DateTime local,
        IReadOnlyList<PulseQuestion> questions, int windowDays, PulseSettings settings, TenantContext context, DateTimeOffset now, bool immediate, CancellationToken ct,
        bool sendDue = false)
    {
        var audience = Audience(settings, initiative, context.People, DateOnly.FromDateTime(local));
        var invited = audience.Select(p =>
        {
            var zone = zones.Of(p, context.Departments);
            var hours = zones.Hours(zone);
            var sendAt = immediate ? now : WallClock.ToUtc(local, zone);
            return new PulseInvitation
            {
                TenantId = initiative.TenantId,
                RunId = id,
                AadObjectId = p.AadObjectId,
                DepartmentId = p.DepartmentId ?? "",
                SendAt = sendAt,
                ClosesAt = hours.Add(sendAt, hours.Day * windowDays),
            };
        }).Where(i => i.ClosesAt > now).ToList();
        if (invited.Count == 0)
        {
            return null;
        }
        var run = new PulseRun
        {
            TenantId = initiative.TenantId,
            Id = id,
            InitiativeId = initiative.Id,
            ToolName = initiative.Name,
            ToolNameEn = initiative.NameEn,
            Kind = kind,
            Milestone = milestone,
            LocalTime = local,
            CreatedAt = now,
            ClosesAt = invited.Max(i => i.ClosesAt),
            Anonymous = settings.Anonymous,
            Questions = questions,
            Invited = invited.GroupBy(i => i.DepartmentId).ToDictionary(g => g.Key, g => g.Count()),
            Shards = options.Value.Shards,
            ReminderCount = settings.ReminderCount,
            ReminderDelay = settings.ReminderDelay,
        };
        if (!await runs.TryAddAsync(run, ct))
        {
            return null;
        }
        logger.LogInformation("Pulse run {RunId} created for {Invited} people, closing {ClosesAt}", id, invited.Count, run.ClosesAt);
        if (sendDue)
        {
            await WriteAndSendDueAsync(run, invited, context, now, ct);
        }
        else
        {
            await invitations.AddAllAsync(invited, ct);
        }
        var stored = await runs.GetAsync(run.TenantId, run.Id, ct);
        if (stored is not null && await runs.TryReplaceAsync(stored with { InvitationsWritten = true }, ct))
        {
            return await runs.GetAsync(run.TenantId, run.Id, ct);
        }
        return stored;
    }

    /// <summary>
    /// Writes a new run's invitations a slice at a time, queuing the surveys already due before their
    /// invitations are stored as sent: at 10:00 the first cards go out while the rest are written, with
    /// no second read of the run's invitations and the directory. A stop in between leaves the rest to
    /// <see cref="AdvanceAsync"/>, which rewrites missing invitations as unsent and queues them again
    /// (the outbox drops a card it already holds).
    /// </summary>
    private async Task WriteAndSendDueAsync(PulseRun run, IReadOnlyList<PulseInvitation> invited, TenantContext context, DateTimeOffset now, CancellationToken ct)
    {
        var byId = context.People.ToDictionary(p => p.AadObjectId);
        foreach (var slice in invited.Chunk(EnqueueSlice))
        {
            var requests = slice.Where(i => i.SendAt <= now).Select(i => SurveyRequest(run, byId[i.AadObjectId], i, context)).ToList();
            if (requests.Count > 0)
            {
                await outbox.EnqueueAsync(MessageId(run.Id), null, requests, "pulse", ct);
            }
            await invitations.AddAllAsync(slice.Select(i => i.SendAt <= now ? i with { Sent = true } : i).ToList(), ct);
        }
    }

    private SendRequest SurveyRequest(PulseRun run, Person person, PulseInvitation invitation, TenantContext context) =>
        new(MessageId(run.Id), invitation.AadObjectId, Recipient.For(person),
            new MessageContent(null, SurveyCard(run, person, invitation, context.Departments, null, reminder: false)));

    /// <summary>Moves one run on: send due surveys, remind, and summarise once closed.</summary>
    public async Task AdvanceAsync(PulseRun run, DateTimeOffset now, CancellationToken ct)
    {
        if (!run.InvitationsWritten)
        {
            // The instance that created it stopped while writing invitations; its creator's list is
            // recomputed from the directory now (insert-if-absent keeps what was written).
            if (now - run.CreatedAt < TimeSpan.FromMinutes(2))
            {
                return;
            }
            logger.LogWarning("Pulse run {RunId}: completing invitations left unwritten", run.Id);
            var initiative = await initiatives.GetAsync(run.TenantId, run.InitiativeId, ct);
            if (initiative is not null)
            {
                var settings = await SettingsAsync(initiative, ct);
                var context = await LoadAsync(run.TenantId, ct);
                var list = Audience(settings, initiative, context.People, run.Date).Select(p =>
                {
                    var zone = zones.Of(p, context.Departments);
                    var sendAt = WallClock.ToUtc(run.LocalTime, zone);
                    return new PulseInvitation { TenantId = run.TenantId, RunId = run.Id, AadObjectId = p.AadObjectId, DepartmentId = p.DepartmentId ?? "", SendAt = sendAt, ClosesAt = run.ClosesAt };
                }).ToList();
                await invitations.AddAllAsync(list, ct);
            }
            if (!await runs.TryReplaceAsync(run with { InvitationsWritten = true }, ct))
            {
                return;
            }
            run = (await runs.GetAsync(run.TenantId, run.Id, ct))!;
        }
        if (run.IsOpen(now))
        {
            await SendDueAsync(run, now, ct);
            await RemindAsync(run, now, ct);
        }
        else if (run.Summary is null && now >= run.ClosesAt + options.Value.SummaryGrace)
        {
            var summary = await responses.ReadTallyAsync(run.TenantId, run.Id, ct);
            if (!await runs.TryReplaceAsync(run with { Summary = summary }, ct))
            {
                return;
            }
            logger.LogInformation("Pulse run {RunId} closed with {Respondents} respondents", run.Id, summary.Departments.Values.Sum(t => t.Respondents));
            run = (await runs.GetAsync(run.TenantId, run.Id, ct))!;
        }
        if (run.Summary is not null && run.ReportedAt is null)
        {
            await reports.SendRunReportAsync(run, ct);
            await runs.TryReplaceAsync(run with { ReportedAt = now }, ct);
        }
    }

    private async Task SendDueAsync(PulseRun run, DateTimeOffset now, CancellationToken ct)
    {
        var due = await invitations.ListDueAsync(run.TenantId, run.Id, now, ct);
        if (due.Count == 0)
        {
            return;
        }
        var context = await LoadAsync(run.TenantId, ct);
        var byId = context.People.ToDictionary(p => p.AadObjectId);
        // A slice at a time: the delivery engine starts on the first slice while the rest is stored, so
        // a company-wide run begins to land within a second instead of after every card is queued. A
        // stop between slices leaves the rest unsent and due; the next tick queues them (the outbox
        // drops any it already holds).
        foreach (var slice in due.Chunk(EnqueueSlice))
        {
            var requests = slice.Where(i => byId.ContainsKey(i.AadObjectId)).Select(i => SurveyRequest(run, byId[i.AadObjectId], i, context)).ToList();
            if (requests.Count > 0)
            {
                await outbox.EnqueueAsync(MessageId(run.Id), null, requests, "pulse", ct);
            }
            await invitations.ReplaceAllAsync(slice.Select(i => i with { Sent = true }).ToList(), ct);
        }
    }

    private const int EnqueueSlice = 500;

    private async Task RemindAsync(PulseRun run, DateTimeOffset now, CancellationToken ct)
    {
        if (run.ReminderCount <= 0 || now < run.CreatedAt + run.ReminderDelay)
        {
            return;
        }
        var candidates = (await invitations.ListReminderCandidatesAsync(run.TenantId, run.Id, now - run.ReminderDelay, run.ReminderCount, ct))
            .Where(i => i.Sent && i.RemindersSent < run.ReminderCount && now >= i.SendAt + (run.ReminderDelay * (i.RemindersSent + 1)) && now < i.ClosesAt)
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }
        var context = await LoadAsync(run.TenantId, ct);
        var byId = context.People.ToDictionary(p => p.AadObjectId);
        // A reminder never wakes anyone: it waits for the next business hour in the person's own zone.
        candidates = candidates
            .Where(i => !byId.TryGetValue(i.AadObjectId, out var p) || now >= ReminderDue(run, i, zones.Hours(zones.Of(p, context.Departments))))
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }
        var answered = await responses.RespondentKeysAsync(run.TenantId, run.Id, ct);
        var done = new List<PulseInvitation>();
        foreach (var round in candidates.GroupBy(i => i.RemindersSent + 1))
        {
            var messageId = $"{MessageId(run.Id)}:reminder{round.Key}";
            var requests = new List<SendRequest>();
            foreach (var invitation in round)
            {
                var paused = byId.TryGetValue(invitation.AadObjectId, out var person) && person.PulsePausedUntil is { } until && until >= DateOnly.FromDateTime(now.UtcDateTime);
                if (person is null || paused || answered.Contains(keys.RespondentKey(run.Id, invitation.AadObjectId)))
                {
                    // Answered (or away): no reminders for this run at all.
                    done.Add(invitation with { RemindersSent = run.ReminderCount });
                    continue;
                }
                requests.Add(new SendRequest(messageId, invitation.AadObjectId, Recipient.For(person),
                    new MessageContent(null, SurveyCard(run, person, invitation, context.Departments, null, reminder: true))));
                done.Add(invitation with { RemindersSent = round.Key });
            }
            if (requests.Count > 0)
            {
                await outbox.EnqueueAsync(messageId, null, requests, "pulse", ct);
                logger.LogInformation("Pulse run {RunId}: reminder {Round} to {Count} people", run.Id, round.Key, requests.Count);
            }
        }
        await invitations.ReplaceAllAsync(done, ct);
    }

    /// <summary>When the next reminder goes out: the delay after the send, moved into the person's business hours.</summary>
    public static DateTimeOffset ReminderDue(PulseRun run, PulseInvitation invitation, BusinessHours hours) =>
        hours.NextOpen(invitation.SendAt + (run.ReminderDelay * (invitation.RemindersSent + 1)));

    public Newtonsoft.Json.Linq.JObject SurveyCard(PulseRun run, Person person, PulseInvitation invitation, IReadOnlyDictionary<string, Department> departments,
        IReadOnlyDictionary<string, string>? answers, bool reminder)
    {
        var t = PersonTexts.For(person);
        var zone = zones.Of(person, departments);
        var ticket = keys.Ticket(run.TenantId, person.AadObjectId, run.Id, invitation.ClosesAt, invitation.DepartmentId, t.Culture.Name, zone.Id);
        return PulseCards.Survey(t, run, ticket, zone, answers, reminder, anonymity.Value.Threshold);
    }
}
