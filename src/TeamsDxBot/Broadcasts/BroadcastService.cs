using Microsoft.Extensions.Options;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>
/// Composing, scheduling, sending and cancelling broadcasts, with the permission rules: executives and
/// promoters may address anyone, key users only their own departments, staff nobody; only the author
/// or a promoter may change or cancel one.
/// </summary>
public sealed class BroadcastService(
    BroadcastRepository broadcasts,
    BroadcastAckRepository acks,
    BroadcastScheduler scheduler,
    PersonRepository people,
    DepartmentRepository departments,
    InitiativeRepository initiatives,
    OutboxRepository outbox,
    DeliveryReports reports,
    PersonZones zones,
    Access access,
    IOptions<AnonymityOptions> anonymity,
    IHostEnvironment environment,
    TimeProvider time,
    ILogger<BroadcastService> logger)
{
    private const int MaxDraftsShown = 10;
    private const int MaxScheduledShown = 10;
    private const int MaxSentShown = 5;

    public static bool CanBroadcast(IReadOnlySet<Role> roles) => roles.Contains(Role.Executive) || roles.Contains(Role.Promoter) || roles.Contains(Role.KeyUser);

    /// <summary>Executives and promoters speak to the whole company; key users only to the departments they support.</summary>
    public static bool MayAddressAnyone(IReadOnlySet<Role> roles) => roles.Contains(Role.Executive) || roles.Contains(Role.Promoter);

    public static bool MayAddress(Person person, IReadOnlySet<Role> roles, BroadcastAudience audience, IReadOnlyList<string> departmentIds) =>
        MayAddressAnyone(roles)
        || (roles.Contains(Role.KeyUser) && audience == BroadcastAudience.Departments && departmentIds.Count > 0 && departmentIds.All(person.KeyUserOf.Contains));

    public static bool MayManage(UserContext actor, Broadcast broadcast) => broadcast.AuthorId == actor.Person.AadObjectId || actor.IsPromoter;

    public Task<TimeZoneInfo> ZoneOfAsync(Person person, CancellationToken ct) => zones.OfAsync(person, ct);

    /// <summary>The zone a broadcast's times are entered in: its author's, also when a promoter edits it.</summary>
    public async Task<TimeZoneInfo> ZoneForAsync(UserContext actor, Broadcast? broadcast, CancellationToken ct)
    {
        // What was typed into a composer carries the id but not the author; the stored broadcast knows.
        var stored = broadcast is { Id.Length: > 0 } ? await broadcasts.GetAsync(actor.Person.TenantId, broadcast.Id, ct) : null;
        return await ZoneOfAsync(stored is null ? actor.Person : await AuthorAsync(stored, actor, ct), ct);
    }

    /// <summary>Stores a draft without a schedule (for features that propose messages); throws when the draft could never be sent by this author.</summary>
    public async Task<Broadcast> CreateDraftAsync(Person author, BroadcastDraft draft, CancellationToken ct)
    {
        var roles = access.RolesOf(author);
        if (!CanBroadcast(roles))
        {
            throw new InvalidOperationException($"{author.AadObjectId} may not broadcast (executives, promoters and key users may).");
        }
        var candidate = new Broadcast
        {
            TenantId = author.TenantId,
            Id = NewId(),
            AuthorId = author.AadObjectId,
            Title = draft.Title.Trim(),
            Body = draft.Body.Trim(),
            Audience = draft.Audience,
            DepartmentIds = draft.DepartmentIds.Distinct().ToList(),
            InitiativeId = draft.InitiativeId,
            Acknowledge = draft.Acknowledge,
        };
        var problems = await ValidateAsync(author, roles, candidate, draft: true, ct);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems.Select(p => Texts.English.Format(p.Key, p.Args))), nameof(draft));
        }
        var now = time.GetUtcNow();
        var stored = await broadcasts.AddAsync(candidate with
        {
            Status = BroadcastStatus.Draft,
            AuthorName = author.DisplayName,
            ByExecutive = author.IsExecutive,
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = author.AadObjectId,
        }, ct);
        logger.LogInformation("Broadcast draft {BroadcastId} created for {Author}", stored.Id, author.AadObjectId);
        return stored;
    }

    /// <summary>When a broadcast by an executive last went out in this tenant (null: never).</summary>
    public async Task<DateTimeOffset?> LastExecutiveSendAsync(string tenantId, CancellationToken ct) =>
        (await broadcasts.ListAsync(tenantId, ct)).Where(b => b.ByExecutive).Select(b => b.LastSentAt).Max();

    /// <summary>The broadcast to open in the composer (null id: a new one).</summary>
    public async Task<BroadcastResult> OpenAsync(UserContext actor, string? id, CancellationToken ct)
    {
        if (!CanBroadcast(actor.Roles))
        {
            return new(BroadcastOutcome.NotAllowed);
        }
        if (string.IsNullOrEmpty(id))
        {
            return new(BroadcastOutcome.Unchanged);
        }
        var broadcast = await broadcasts.GetAsync(actor.Person.TenantId, id, ct);
        return broadcast is null ? new(BroadcastOutcome.NotFound)
            : !MayManage(actor, broadcast) ? new(BroadcastOutcome.NotAllowed)
            : !broadcast.IsOpen || broadcast.Started ? new(BroadcastOutcome.Locked, broadcast)
            : new(BroadcastOutcome.Unchanged, broadcast);
    }

    /// <summary>The composer's values as a broadcast (nothing checked or stored), to show the composer again as it was filled in.</summary>
    public static Broadcast Typed(UserContext actor, BroadcastForm form) =>
        FromForm(actor, form).Candidate with { ETag = new Azure.ETag(form.ETag ?? "") };

    /// <summary>Checks the composer's content without storing anything (for the preview).</summary>
    public async Task<(Broadcast Candidate, IReadOnlyList<BroadcastProblem> Problems)> CheckAsync(UserContext actor, BroadcastForm form, CancellationToken ct)
    {
        var (candidate, problems) = FromForm(actor, form);
        problems.AddRange(await ValidateAsync(actor.Person, actor.Roles, candidate, draft: false, ct));
        var existing = string.IsNullOrEmpty(form.Id) ? null : await broadcasts.GetAsync(actor.Person.TenantId, form.Id, ct);
        var author = existing is not null && MayManage(actor, existing) ? existing.AuthorName : actor.Person.DisplayName;
        return (candidate with { Id = existing?.Id ?? "", AuthorName = author }, problems);
    }

    /// <summary>Stores it unsent; a scheduled broadcast saved as a draft is taken off the schedule.</summary>
    public async Task<BroadcastResult> SaveDraftAsync(UserContext actor, BroadcastForm form, CancellationToken ct)
    {
        var (refusal, existing, candidate, problems) = await PrepareAsync(actor, form, draft: true, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        if (problems.Count > 0)
        {
            return new(BroadcastOutcome.Invalid, null, problems);
        }
        return await StoreAsync(actor, existing, candidate with { Status = BroadcastStatus.Draft, Occurrences = [], TimeZone = null }, BroadcastOutcome.Saved, ct);
    }

    /// <summary>Sends now, or schedules, as the composer's "when" says.</summary>
    public async Task<BroadcastResult> SubmitAsync(UserContext actor, BroadcastForm form, CancellationToken ct)
    {
        var (refusal, existing, candidate, problems) = await PrepareAsync(actor, form, draft: false, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var zone = await ZoneForAsync(actor, existing, ct);
        var now = time.GetUtcNow();
        var sendNow = candidate.Schedule.TimingOrNow == BroadcastTiming.Now;
        IReadOnlyList<DateTimeOffset> instants = [now];
        if (!candidate.Schedule.TimingIsKnown)
        {
            problems.Add(new(nameof(Strings.Broadcast_TimingInvalid)));
        }
        else if (!sendNow)
        {
            var (computed, scheduleProblems) = BroadcastTimings.Compute(candidate.Schedule, zone, now);
            instants = computed;
            problems.AddRange(scheduleProblems);
        }
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
        var stored = await StoreAsync(actor, existing, scheduled, BroadcastOutcome.Scheduled, ct);
        if (stored.Outcome != BroadcastOutcome.Scheduled || !sendNow)
        {
            return stored;
        }
        return new(BroadcastOutcome.Sent, await scheduler.SendDueAsync(stored.Broadcast!, ct) ?? stored.Broadcast);
    }

    /// <summary>A draft goes out now as one message; a scheduled broadcast's next occurrence goes out now.</summary>
    public async Task<BroadcastResult> SendNowAsync(UserContext actor, string? id, CancellationToken ct)
    {
        var (refusal, broadcast) = await LoadManageableAsync(actor, id, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var problems = await ValidateAsync(actor.Person, actor.Roles, broadcast!, draft: false, ct);
        if (problems.Count == 0 && (await scheduler.AudienceAsync(broadcast!, ct)).Count == 0)
        {
            problems.Add(new(nameof(Strings.Broadcast_NobodyToSend)));
        }
        if (problems.Count > 0)
        {
            return new(BroadcastOutcome.Invalid, broadcast, problems);
        }
        var now = time.GetUtcNow();
        var next = broadcast!.Occurrences.Where(o => o.StartedAt is null).MinBy(o => o.Number);
        var updated = broadcast.Status == BroadcastStatus.Draft || next is null
            ? broadcast with
            {
                Occurrences = [new BroadcastOccurrence(1, now)],
                Schedule = broadcast.Schedule with { Timing = BroadcastTiming.Now },
                TimeZone = broadcast.TimeZone ?? (await ZoneForAsync(actor, broadcast, ct)).Id,
            }
            : broadcast with { Occurrences = broadcast.Occurrences.Select(o => o.Number == next.Number ? o with { At = now } : o).ToList() };
        var stored = await broadcasts.TryReplaceAsync(updated with { Status = BroadcastStatus.Scheduled, UpdatedAt = now, UpdatedBy = actor.Person.AadObjectId }, ct);
        if (stored is null)
        {
            return new(BroadcastOutcome.Stale, await broadcasts.GetAsync(broadcast.TenantId, broadcast.Id, ct));
        }
        logger.LogInformation("Broadcast {BroadcastId} sent now by {Actor}", stored.Id, actor.Person.AadObjectId);
        return new(BroadcastOutcome.Sent, await scheduler.SendDueAsync(stored, ct) ?? stored);
    }

    /// <summary>Stops what has not gone out yet; occurrences already sent stay in the history.</summary>
    public async Task<BroadcastResult> CancelAsync(UserContext actor, string? id, CancellationToken ct)
    {
        for (var round = 0; round < 3; round++)
        {
            var (refusal, broadcast) = await LoadManageableAsync(actor, id, ct);
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

    /// <summary>"I'll try it": stored once per person, and only for someone the broadcast was sent to.</summary>
    public async Task<BroadcastResult> AcknowledgeAsync(UserContext actor, string? id, int occurrence, CancellationToken ct)
    {
        var tenantId = actor.Person.TenantId;
        var broadcast = string.IsNullOrEmpty(id) ? null : await broadcasts.GetAsync(tenantId, id, ct);
        if (broadcast is null || occurrence < 1)
        {
            return new(BroadcastOutcome.NotFound);
        }
        if (await outbox.GetStatusAsync(BroadcastScheduler.MessageId(tenantId, broadcast.Id, occurrence), actor.Person.AadObjectId, ct) is null)
        {
            logger.LogWarning("{Person} acknowledged broadcast {BroadcastId} occurrence {Occurrence} that was not sent to them", actor.Person.AadObjectId, broadcast.Id, occurrence);
            return new(BroadcastOutcome.NotAllowed, broadcast);
        }
        var added = await acks.TryAddAsync(new BroadcastAck(tenantId, broadcast.Id, actor.Person.AadObjectId, actor.Person.DepartmentId ?? "", occurrence, time.GetUtcNow()), ct);
        return new(added ? BroadcastOutcome.Saved : BroadcastOutcome.Unchanged, broadcast);
    }

    /// <summary>
    /// What the <c>broadcasts</c> list shows this person: their own broadcasts (a promoter: everyone's), the latest
    /// drafts, the next scheduled and the last sent, with reports.
    /// </summary>
    public async Task<IReadOnlyList<BroadcastView>> ListAsync(UserContext actor, CancellationToken ct)
    {
        var zone = await ZoneOfAsync(actor.Person, ct);
        var threshold = anonymity.Value.Threshold;
        var visible = (await broadcasts.ListAsync(actor.Person.TenantId, ct))
            .Where(b => b.AuthorId == actor.Person.AadObjectId || actor.IsPromoter)
            .ToList();
        // Reports cost a read per message sent, so only what the card has room for is looked at.
        var shown = visible.Where(b => b.Status == BroadcastStatus.Draft).OrderByDescending(b => b.UpdatedAt).Take(MaxDraftsShown)
            .Concat(visible.Where(b => b.Status == BroadcastStatus.Scheduled).OrderBy(b => b.NextAt).Take(MaxScheduledShown))
            .Concat(visible.Where(b => b.Status == BroadcastStatus.Sent || (b.Status == BroadcastStatus.Cancelled && b.Started))
                .OrderByDescending(b => b.LastSentAt).Take(MaxSentShown));
        var views = new List<BroadcastView>();
        foreach (var b in shown)
        {
            var reportsOf = new List<OccurrenceReport>();
            foreach (var o in b.Occurrences.Where(o => o.StartedAt is not null).OrderByDescending(o => o.Number).Take(BroadcastCards.MaxReportsShown))
            {
                reportsOf.Add(new(o, await reports.GetAsync(BroadcastScheduler.MessageId(b.TenantId, b.Id, o.Number), ct)));
            }
            var figures = b.Acknowledge && b.Started ? AckFigures.Fold(await acks.ListAsync(b.TenantId, b.Id, ct), threshold) : null;
            var authorZone = b.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : zone;
            views.Add(new(b, authorZone, reportsOf, figures, MayManage(actor, b)));
        }
        return views;
    }

    /// <summary>Departments and initiatives the composer offers this person (key users: only their own departments).</summary>
    public async Task<(IReadOnlyList<Department> Departments, IReadOnlyList<Initiative> Initiatives, bool OwnDepartmentsOnly)> ChoicesAsync(UserContext actor, CancellationToken ct)
    {
        var anyone = MayAddressAnyone(actor.Roles);
        var list = (await departments.ListAsync(actor.Person.TenantId, ct)).Where(d => !d.Archived && (anyone || actor.Person.KeyUserOf.Contains(d.Id))).ToList();
        return (list, anyone ? await initiatives.ListAsync(actor.Person.TenantId, ct) : [], !anyone);
    }

    public async Task<(IReadOnlyDictionary<string, string> Departments, IReadOnlyDictionary<string, string> Initiatives)> NamesAsync(string tenantId, CancellationToken ct) =>
        ((await departments.ListAsync(tenantId, ct)).ToDictionary(d => d.Id, d => d.Name),
         (await initiatives.ListAsync(tenantId, ct)).ToDictionary(i => i.Id, i => i.Name));

    private static string NewId() => Guid.NewGuid().ToString("N")[..12];

    private async Task<Person> AuthorAsync(Broadcast broadcast, UserContext actor, CancellationToken ct) =>
        broadcast.AuthorId == actor.Person.AadObjectId ? actor.Person : await people.GetAsync(broadcast.TenantId, broadcast.AuthorId, ct) ?? actor.Person;

    /// <summary>The permission check, the broadcast being edited (if any) and the form read and checked.</summary>
    private async Task<(BroadcastResult? Refusal, Broadcast? Existing, Broadcast Candidate, List<BroadcastProblem> Problems)> PrepareAsync(
        UserContext actor, BroadcastForm form, bool draft, CancellationToken ct)
    {
        if (!CanBroadcast(actor.Roles))
        {
            return (new(BroadcastOutcome.NotAllowed), null, null!, []);
        }
        var (refusal, existing) = await LoadEditableAsync(actor, form.Id, form.ETag, ct);
        if (refusal is not null)
        {
            return (refusal, existing, null!, []);
        }
        var (candidate, problems) = FromForm(actor, form);
        problems.AddRange(await ValidateAsync(actor.Person, actor.Roles, candidate, draft, ct));
        return (null, existing, candidate, problems);
    }

    private async Task<(BroadcastResult? Refusal, Broadcast? Existing)> LoadEditableAsync(UserContext actor, string? id, string? etag, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id))
        {
            return (null, null);
        }
        var existing = await broadcasts.GetAsync(actor.Person.TenantId, id, ct);
        if (existing is null)
        {
            return (new(BroadcastOutcome.NotFound), null);
        }
        if (!MayManage(actor, existing))
        {
            return (new(BroadcastOutcome.NotAllowed), null);
        }
        if (!existing.IsOpen || existing.Started)
        {
            return (new(BroadcastOutcome.Locked, existing), null);
        }
        return (etag ?? "") == existing.ETag.ToString() ? (null, existing) : (new(BroadcastOutcome.Stale, existing), null);
    }

    private async Task<(BroadcastResult? Refusal, Broadcast? Broadcast)> LoadManageableAsync(UserContext actor, string? id, CancellationToken ct)
    {
        if (!CanBroadcast(actor.Roles))
        {
            return (new(BroadcastOutcome.NotAllowed), null);
        }
        var broadcast = string.IsNullOrEmpty(id) ? null : await broadcasts.GetAsync(actor.Person.TenantId, id, ct);
        return broadcast is null ? (new(BroadcastOutcome.NotFound), null)
            : !MayManage(actor, broadcast) ? (new(BroadcastOutcome.NotAllowed), null)
            : !broadcast.IsOpen ? (new(BroadcastOutcome.Locked, broadcast), null)
            : broadcast.InProgress ? (new(BroadcastOutcome.Busy, broadcast), null)
            : (null, broadcast);
    }

    private async Task<BroadcastResult> StoreAsync(UserContext actor, Broadcast? existing, Broadcast candidate, BroadcastOutcome success, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var me = actor.Person.AadObjectId;
        if (existing is null)
        {
            var created = await broadcasts.AddAsync(candidate with
            {
                Id = NewId(),
                AuthorId = me,
                AuthorName = actor.Person.DisplayName,
                ByExecutive = actor.Has(Role.Executive),
                CreatedAt = now,
                UpdatedAt = now,
                UpdatedBy = me,
            }, ct);
            logger.LogInformation("Broadcast {BroadcastId} stored as {Status} by {Actor}", created.Id, created.Status, me);
            return new(success, created);
        }
        var replaced = await broadcasts.TryReplaceAsync(candidate with
        {
            Id = existing.Id,
            AuthorId = existing.AuthorId,
            AuthorName = existing.AuthorName,
            ByExecutive = existing.AuthorId == me ? actor.Has(Role.Executive) : existing.ByExecutive,
            CreatedAt = existing.CreatedAt,
            UpdatedAt = now,
            UpdatedBy = me,
            ETag = existing.ETag,
        }, ct);
        if (replaced is null)
        {
            return new(BroadcastOutcome.Stale, await broadcasts.GetAsync(existing.TenantId, existing.Id, ct));
        }
        logger.LogInformation("Broadcast {BroadcastId} stored as {Status} by {Actor}", replaced.Id, replaced.Status, me);
        return new(success, replaced);
    }

    private static (Broadcast Candidate, List<BroadcastProblem> Problems) FromForm(UserContext actor, BroadcastForm form)
    {
        var problems = new List<BroadcastProblem>();
        var audience = BroadcastAudience.Departments;
        if (form.Audience is { Length: > 0 } a && !(Enum.TryParse(a, ignoreCase: true, out audience) && Enum.IsDefined(audience)))
        {
            problems.Add(new(nameof(Strings.Broadcast_AudienceInvalid)));
        }
        static string? Optional(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var candidate = new Broadcast
        {
            TenantId = actor.Person.TenantId,
            Id = form.Id ?? "",
            AuthorId = actor.Person.AadObjectId,
            AuthorName = actor.Person.DisplayName,
            Title = form.Title?.Trim() ?? "",
            Body = form.Body?.Trim() ?? "",
            ImageUrl = Optional(form.ImageUrl),
            LinkTitle = Optional(form.LinkTitle),
            LinkUrl = Optional(form.LinkUrl),
            Audience = audience,
            DepartmentIds = audience == BroadcastAudience.Departments
                ? (form.DepartmentIds ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList()
                : [],
            InitiativeId = audience == BroadcastAudience.Initiative ? Optional(form.InitiativeId) : null,
            Acknowledge = form.Acknowledge is "true" or "True",
            Schedule = form.Schedule,
        };
        return (candidate, problems);
    }

    /// <summary>Content and audience rules; a draft may still lack its body.</summary>
    private async Task<List<BroadcastProblem>> ValidateAsync(Person actor, IReadOnlySet<Role> roles, Broadcast b, bool draft, CancellationToken ct)
    {
        var problems = new List<BroadcastProblem>();
        if (b.Title.Length is 0 or > Broadcast.MaxTitle)
        {
            problems.Add(new(nameof(Strings.Broadcast_TitleInvalid), Broadcast.MaxTitle));
        }
        if ((!draft && b.Body.Length == 0) || b.Body.Length > Broadcast.MaxBody)
        {
            problems.Add(new(nameof(Strings.Broadcast_BodyInvalid), Broadcast.MaxBody));
        }
        if (b.ImageUrl is not null && !IsAllowedUrl(b.ImageUrl))
        {
            problems.Add(new(nameof(Strings.Broadcast_ImageUrlInvalid)));
        }
        if (b.LinkTitle is not null || b.LinkUrl is not null)
        {
            if (b.LinkTitle is null || b.LinkTitle.Length > Broadcast.MaxLinkTitle)
            {
                problems.Add(new(nameof(Strings.Broadcast_LinkTitleInvalid), Broadcast.MaxLinkTitle));
            }
            if (b.LinkUrl is null || !IsAllowedUrl(b.LinkUrl))
            {
                problems.Add(new(nameof(Strings.Broadcast_LinkUrlInvalid)));
            }
        }
        var known = (await departments.ListAsync(b.TenantId, ct)).ToDictionary(d => d.Id);
        if (b.Audience == BroadcastAudience.Departments && b.DepartmentIds.Count == 0)
        {
            problems.Add(new(nameof(Strings.Broadcast_DepartmentsRequired)));
        }
        else if (b.Audience == BroadcastAudience.Departments && b.DepartmentIds.Any(d => !known.TryGetValue(d, out var department) || department.Archived))
        {
            problems.Add(new(nameof(Strings.Error_CardOutdated)));
        }
        else if (b.Audience == BroadcastAudience.Initiative && (b.InitiativeId is null || await initiatives.GetAsync(b.TenantId, b.InitiativeId, ct) is null))
        {
            problems.Add(new(nameof(Strings.Broadcast_InitiativeRequired)));
        }
        if (!MayAddress(actor, roles, b.Audience, b.DepartmentIds))
        {
            var own = actor.KeyUserOf.Select(d => known.TryGetValue(d, out var department) ? department.Name : d).Order(StringComparer.Ordinal);
            problems.Add(new(nameof(Strings.Broadcast_OwnDepartmentsOnly), string.Join(" / ", own)));
        }
        return problems;
    }

    /// <summary>Absolute https only; the Development host also takes http on loopback (the Playground serves test images).</summary>
    private bool IsAllowedUrl(string url) =>
        url.Length <= Broadcast.MaxUrl
        && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && uri.Host.Length > 0
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && environment.IsDevelopment() && uri.Host == "127.0.0.1"));
}

public sealed record BroadcastResult(BroadcastOutcome Outcome, Broadcast? Broadcast = null, IReadOnlyList<BroadcastProblem>? Problems = null)
{
    public IReadOnlyList<BroadcastProblem> ProblemList => Problems ?? [];
}

public sealed record OccurrenceReport(BroadcastOccurrence Occurrence, DeliveryReport Delivery);

/// <summary>One broadcast as the <c>broadcasts</c> list shows it.</summary>
public sealed record BroadcastView(Broadcast Broadcast, TimeZoneInfo Zone, IReadOnlyList<OccurrenceReport> Reports, AckFigures? Acks, bool CanManage);
