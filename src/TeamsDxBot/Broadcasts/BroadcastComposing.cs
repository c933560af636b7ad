using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>Drafts: created for other features, checked for the preview, and the composer's content stored.</summary>
public sealed class BroadcastComposing(
    BroadcastRepository broadcasts,
    BroadcastPermissions permissions,
    BroadcastValidation validation,
    DepartmentRepository departments,
    InitiativeRepository initiatives,
    Access access,
    TimeProvider time,
    ILogger<BroadcastComposing> logger)
{
    /// <summary>Stores a draft without a schedule (for features that propose messages); throws when the draft could never be sent by this author.</summary>
    public async Task<Broadcast> CreateDraftAsync(Person author, BroadcastDraft draft, CancellationToken ct)
    {
        var roles = access.RolesOf(author);
        if (!BroadcastPermissions.CanBroadcast(roles))
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
            PersonIds = draft.PersonIds.Distinct().ToList(),
            InitiativeId = draft.InitiativeId,
            Acknowledge = draft.Acknowledge,
        };
        var problems = await validation.ValidateAsync(author, roles, candidate, draft: true, ct);
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

    /// <summary>Checks the composer's content without storing anything (for the preview).</summary>
    public async Task<(Broadcast Candidate, IReadOnlyList<BroadcastProblem> Problems)> CheckAsync(UserContext actor, BroadcastForm form, CancellationToken ct)
    {
        var (candidate, problems) = BroadcastValidation.FromForm(actor, form);
        problems.AddRange(await validation.ValidateAsync(actor.Person, actor.Roles, candidate, draft: false, ct));
        var existing = string.IsNullOrEmpty(form.Id) ? null : await broadcasts.GetAsync(actor.Person.TenantId, form.Id, ct);
        var author = existing is not null && BroadcastPermissions.MayManage(actor, existing) ? existing.AuthorName : actor.Person.DisplayName;
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

    /// <summary>The permission check, the broadcast being edited (if any) and the form read and checked.</summary>
    public async Task<(BroadcastResult? Refusal, Broadcast? Existing, Broadcast Candidate, List<BroadcastProblem> Problems)> PrepareAsync(
        UserContext actor, BroadcastForm form, bool draft, CancellationToken ct)
    {
        if (!BroadcastPermissions.CanBroadcast(actor.Roles))
        {
            return (new(BroadcastOutcome.NotAllowed), null, null!, []);
        }
        var (refusal, existing) = await permissions.LoadEditableAsync(actor, form.Id, form.ETag, ct);
        if (refusal is not null)
        {
            return (refusal, existing, null!, []);
        }
        var (candidate, problems) = BroadcastValidation.FromForm(actor, form);
        problems.AddRange(await validation.ValidateAsync(actor.Person, actor.Roles, candidate, draft, ct));
        return (null, existing, candidate, problems);
    }

    /// <summary>Adds a new broadcast, or replaces the one edited if nobody changed it meanwhile.</summary>
    public async Task<BroadcastResult> StoreAsync(UserContext actor, Broadcast? existing, Broadcast candidate, BroadcastOutcome success, CancellationToken ct)
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

    /// <summary>Departments and initiatives the composer offers this person (key users: only their own departments).</summary>
    public async Task<(IReadOnlyList<Department> Departments, IReadOnlyList<Initiative> Initiatives, bool OwnDepartmentsOnly)> ChoicesAsync(UserContext actor, CancellationToken ct)
    {
        var anyone = BroadcastPermissions.MayAddressAnyone(actor.Roles);
        var list = (await departments.ListAsync(actor.Person.TenantId, ct)).Where(d => !d.Archived && (anyone || actor.Person.KeyUserOf.Contains(d.Id))).ToList();
        return (list, anyone ? await initiatives.ListAsync(actor.Person.TenantId, ct) : [], !anyone);
    }

    public async Task<(IReadOnlyDictionary<string, string> Departments, IReadOnlyDictionary<string, string> Initiatives)> NamesAsync(string tenantId, CancellationToken ct) =>
        ((await departments.ListAsync(tenantId, ct)).ToDictionary(d => d.Id, d => d.Name),
         (await initiatives.ListAsync(tenantId, ct)).ToDictionary(i => i.Id, i => i.Name));

    private static string NewId() => Guid.NewGuid().ToString("N")[..12];
}
