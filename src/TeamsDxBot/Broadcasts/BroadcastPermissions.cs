using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>
/// Who may broadcast and to whom: executives and promoters may address anyone, key users only their own
/// departments, staff nobody; only the author or a promoter may change or cancel one.
/// </summary>
public sealed class BroadcastPermissions(BroadcastRepository broadcasts)
{
    public static bool CanBroadcast(IReadOnlySet<Role> roles) => roles.Contains(Role.Executive) || roles.Contains(Role.Promoter) || roles.Contains(Role.KeyUser);

    /// <summary>Executives and promoters speak to the whole company; key users only to the departments they support.</summary>
    public static bool MayAddressAnyone(IReadOnlySet<Role> roles) => roles.Contains(Role.Executive) || roles.Contains(Role.Promoter);

    public static bool MayAddress(Person person, IReadOnlySet<Role> roles, BroadcastAudience audience, IReadOnlyList<string> departmentIds) =>
        MayAddressAnyone(roles)
        || (roles.Contains(Role.KeyUser) && audience == BroadcastAudience.Departments && departmentIds.Count > 0 && departmentIds.All(person.KeyUserOf.Contains));

    public static bool MayManage(UserContext actor, Broadcast broadcast) => broadcast.AuthorId == actor.Person.AadObjectId || actor.IsPromoter;

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

    /// <summary>The broadcast the composer edits (null id: none), refused unless this person may change it as it was shown to them.</summary>
    public async Task<(BroadcastResult? Refusal, Broadcast? Existing)> LoadEditableAsync(UserContext actor, string? id, string? etag, CancellationToken ct)
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

    /// <summary>A broadcast to send now or cancel, refused unless this person may and it is neither closed nor going out.</summary>
    public async Task<(BroadcastResult? Refusal, Broadcast? Broadcast)> LoadManageableAsync(UserContext actor, string? id, CancellationToken ct)
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
}
