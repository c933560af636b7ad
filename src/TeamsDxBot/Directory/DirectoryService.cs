using Azure;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>What one activity tells us about the person who sent it.</summary>
public sealed record Sighting(
    string TenantId,
    string AadObjectId,
    string? TeamsUserId,
    string? Name,
    string? Email,
    string? Locale,
    string? TimeZone,
    ConversationAddress? Conversation,
    string? ServiceUrl);

public enum DirectoryResult
{
    Done,
    Unchanged,
    NotAllowed,
    PersonNotFound,
    DepartmentNotFound,
    DepartmentArchived,
    DepartmentRequired,
    BootstrapAdmin,
    LastPromoter,
}

/// <summary>People, their departments and roles. Every privileged method checks the caller's role itself.</summary>
public sealed class DirectoryService(PersonRepository people, DepartmentRepository departments, Access access, LastSeenWriter lastSeen, TimeProvider time)
{
    // Avoids one storage write per message just to move LastSeen.
    private static readonly TimeSpan LastSeenResolution = TimeSpan.FromHours(1);

    /// <summary>The person was seen without being read (a signed card press): only LastSeen moves, in the background.</summary>
    public void Seen(Person person) => lastSeen.Record(person, time.GetUtcNow());

    public async Task<(Person Person, bool IsNew)> RecordAsync(Sighting sighting, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var existing = await people.GetAsync(sighting.TenantId, sighting.AadObjectId, ct);
        if (existing is not null)
        {
            var merged = Merge(existing, sighting, now);
            if (merged == existing)
            {
                // Most turns change nothing; answering them from the one read keeps busy moments (a pulse
                // going out to everyone) at one storage call per turn.
                return (existing, false);
            }
            if (merged with { LastSeen = existing.LastSeen } == existing)
            {
                lastSeen.Record(existing, merged.LastSeen);
                return (merged, false);
            }
            try
            {
                // The row just read is the one to change (LastSeen, mostly): written with its ETag, it is
                // read again only if someone else wrote it in between.
                return (await people.ReplaceAsync(merged, ct), false);
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
            {
                // Changed or gone meanwhile: the read-modify-write below decides on fresh data, as before.
            }
        }
        else
        {
            var created = await people.TryAddAsync(Merge(new Person
            {
                TenantId = sighting.TenantId,
                AadObjectId = sighting.AadObjectId,
                FirstSeen = now,
                LastSeen = now,
            }, sighting, now), ct);
            if (created is not null)
            {
                return (created, true);
            }
        }
        var updated = await people.UpdateAsync(sighting.TenantId, sighting.AadObjectId, p => Merge(p, sighting, now), ct);
        return (updated ?? throw new InvalidOperationException("A person disappeared while being recorded."), false);
    }

    private static Person Merge(Person p, Sighting s, DateTimeOffset now)
    {
        var merged = p with
        {
            TeamsUserId = s.TeamsUserId ?? p.TeamsUserId,
            Name = string.IsNullOrWhiteSpace(s.Name) ? p.Name : s.Name.Trim(),
            Email = string.IsNullOrWhiteSpace(s.Email) ? p.Email : s.Email.Trim().ToLowerInvariant(),
            Locale = s.Locale ?? p.Locale,
            TimeZone = s.TimeZone ?? p.TimeZone,
            ServiceUrl = s.ServiceUrl ?? p.ServiceUrl,
            Conversation = s.Conversation ?? p.Conversation,
            Reachability = s.Conversation is not null ? Reachability.Reachable : p.Reachability,
            UninstalledAt = s.Conversation is not null ? null : p.UninstalledAt,
        };
        return merged != p || now - p.LastSeen >= LastSeenResolution ? merged with { LastSeen = now } : p;
    }

    /// <summary>True only for the one caller that records the welcome, so it is sent once.</summary>
    public async Task<bool> TryMarkWelcomedAsync(Person person, CancellationToken ct)
    {
        var marked = false;
        var now = time.GetUtcNow();
        await people.UpdateAsync(person.TenantId, person.AadObjectId, p =>
        {
            marked = p.WelcomedAt is null;
            return marked ? p with { WelcomedAt = now } : p;
        }, ct);
        return marked;
    }

    public Task<Person?> MarkUninstalledAsync(string tenantId, string aadObjectId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return people.UpdateAsync(tenantId, aadObjectId, p => p with { Reachability = Reachability.Unreachable, UninstalledAt = now }, ct);
    }

    public Task<Person?> SetLanguageAsync(Person person, string cultureName, CancellationToken ct) =>
        people.UpdateAsync(person.TenantId, person.AadObjectId, p => p with { PreferredLanguage = cultureName }, ct);

    /// <summary>Anyone may set their own department; a promoter may set anyone's.</summary>
    public async Task<DirectoryResult> SetDepartmentAsync(UserContext actor, string targetAadObjectId, string departmentId, CancellationToken ct)
    {
        var self = targetAadObjectId == actor.Person.AadObjectId;
        if (!self && !actor.IsPromoter)
        {
            return DirectoryResult.NotAllowed;
        }
        if (await CheckDepartmentAsync(actor.Person.TenantId, departmentId, ct) is { } problem)
        {
            return problem;
        }
        var unchanged = false;
        var updated = await people.UpdateAsync(actor.Person.TenantId, targetAadObjectId, p =>
        {
            unchanged = p.DepartmentId == departmentId;
            return unchanged ? p : p with { DepartmentId = departmentId };
        }, ct);
        return updated is null ? DirectoryResult.PersonNotFound : unchanged ? DirectoryResult.Unchanged : DirectoryResult.Done;
    }

    /// <summary>The person's own profile card: department and language are written together or not at all.</summary>
    public async Task<DirectoryResult> UpdateProfileAsync(UserContext actor, string? departmentId, string? language, CancellationToken ct)
    {
        if (departmentId is not null && await CheckDepartmentAsync(actor.Person.TenantId, departmentId, ct) is { } problem)
        {
            return problem;
        }
        var unchanged = false;
        var updated = await people.UpdateAsync(actor.Person.TenantId, actor.Person.AadObjectId, p =>
        {
            var next = p with { DepartmentId = departmentId ?? p.DepartmentId, PreferredLanguage = language ?? p.PreferredLanguage };
            unchanged = next == p;
            return next;
        }, ct);
        return updated is null ? DirectoryResult.PersonNotFound : unchanged ? DirectoryResult.Unchanged : DirectoryResult.Done;
    }

    public async Task<Person> GetAsync(Person person, CancellationToken ct) =>
        await people.GetAsync(person.TenantId, person.AadObjectId, ct) ?? person;

    private async Task<DirectoryResult?> CheckDepartmentAsync(string tenantId, string departmentId, CancellationToken ct)
    {
        var department = await departments.GetAsync(tenantId, departmentId, ct);
        return department is null ? DirectoryResult.DepartmentNotFound
            : department.Archived ? DirectoryResult.DepartmentArchived
            : null;
    }

    public async Task<DirectoryResult> GrantAsync(UserContext actor, string targetAadObjectId, Role role, string? departmentId, CancellationToken ct)
    {
        if (!actor.IsPromoter)
        {
            return DirectoryResult.NotAllowed;
        }
        if (role == Role.KeyUser)
        {
            if (string.IsNullOrEmpty(departmentId))
            {
                return DirectoryResult.DepartmentRequired;
            }
            if (await CheckDepartmentAsync(actor.Person.TenantId, departmentId, ct) is { } problem)
            {
                return problem;
            }
        }
        if (role == Role.Staff)
        {
            return DirectoryResult.Unchanged;
        }
        var unchanged = false;
        var updated = await people.UpdateAsync(actor.Person.TenantId, targetAadObjectId, p =>
        {
            var next = WithRole(p, role, departmentId, grant: true);
            unchanged = next == p;
            return next;
        }, ct);
        return updated is null ? DirectoryResult.PersonNotFound : unchanged ? DirectoryResult.Unchanged : DirectoryResult.Done;
    }

    public async Task<DirectoryResult> RevokeAsync(UserContext actor, string targetAadObjectId, Role role, string? departmentId, CancellationToken ct)
    {
        if (!actor.IsPromoter)
        {
            return DirectoryResult.NotAllowed;
        }
        var target = await people.GetAsync(actor.Person.TenantId, targetAadObjectId, ct);
        if (target is null)
        {
            return DirectoryResult.PersonNotFound;
        }
        if (role == Role.Promoter)
        {
            if (access.IsBootstrapAdmin(target))
            {
                return DirectoryResult.BootstrapAdmin;
            }
            var promoters = (await people.ListAsync(actor.Person.TenantId, ct)).Count(p => access.RolesOf(p).Contains(Role.Promoter));
            if (target.IsPromoter && promoters <= 1)
            {
                return DirectoryResult.LastPromoter;
            }
        }
        var unchanged = false;
        await people.UpdateAsync(actor.Person.TenantId, targetAadObjectId, p =>
        {
            var next = WithRole(p, role, departmentId, grant: false);
            unchanged = next == p;
            return next;
        }, ct);
        return unchanged ? DirectoryResult.Unchanged : DirectoryResult.Done;
    }

    internal static Person WithRole(Person p, Role role, string? departmentId, bool grant) => role switch
    {
        Role.Executive when p.IsExecutive != grant => p with { IsExecutive = grant },
        Role.Promoter when p.IsPromoter != grant => p with { IsPromoter = grant },
        Role.KeyUser when grant && departmentId is not null && !p.KeyUserOf.Contains(departmentId) =>
            p with { KeyUserOf = p.KeyUserOf.Append(departmentId).ToHashSet(StringComparer.Ordinal) },
        // Without a department, revoking KeyUser removes it from every department.
        Role.KeyUser when !grant && p.KeyUserOf.Count > 0 && (departmentId is null || p.KeyUserOf.Contains(departmentId)) =>
            p with { KeyUserOf = departmentId is null ? new HashSet<string>() : p.KeyUserOf.Where(d => d != departmentId).ToHashSet(StringComparer.Ordinal) },
        _ => p,
    };

    /// <summary>Finds a person by object id, email/UPN or exact display name.</summary>
    public async Task<IReadOnlyList<Person>> FindAsync(string tenantId, string query, CancellationToken ct)
    {
        var q = query.Trim();
        if (q.Length == 0)
        {
            return [];
        }
        var all = await people.ListAsync(tenantId, ct);
        var byId = all.Where(p => p.AadObjectId.Equals(q, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byId.Count > 0)
        {
            return byId;
        }
        var byEmail = all.Where(p => p.Email is not null && p.Email.Equals(q, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byEmail.Count > 0)
        {
            return byEmail;
        }
        return all.Where(p => p.Name.Equals(q, StringComparison.CurrentCultureIgnoreCase)).ToList();
    }
}
