using TeamsDxBot.Turns;
namespace TeamsDxBot.Directory;

public sealed class DepartmentService(DepartmentRepository departments, TimeProvider time)
{
    public Task<IReadOnlyList<Department>> ListAsync(string tenantId, CancellationToken ct) => departments.ListAsync(tenantId, ct);

    public async Task<(DepartmentChange? Result, string? Error)> CreateAsync(UserContext actor, string name, CancellationToken ct)
    {
        if (!actor.IsPromoter)
        {
            return (null, nameof(Resources.Strings.Error_NotAllowed));
        }
        if (ValidateName(name) is { } error)
        {
            return (null, error);
        }
        var (result, _) = await departments.CreateAsync(actor.Person.TenantId, name, time.GetUtcNow(), ct);
        return (result, null);
    }

    public async Task<(DepartmentChange? Result, string? Error)> RenameAsync(UserContext actor, string departmentId, string newName, CancellationToken ct)
    {
        if (!actor.IsPromoter)
        {
            return (null, nameof(Resources.Strings.Error_NotAllowed));
        }
        if (ValidateName(newName) is { } error)
        {
            return (null, error);
        }
        var current = await departments.GetAsync(actor.Person.TenantId, departmentId, ct);
        return current is null ? (DepartmentChange.NotFound, null) : (await departments.RenameAsync(current, newName, ct), null);
    }

    public async Task<(DepartmentChange? Result, string? Error)> SetArchivedAsync(UserContext actor, string departmentId, bool archived, CancellationToken ct)
    {
        if (!actor.IsPromoter)
        {
            return (null, nameof(Resources.Strings.Error_NotAllowed));
        }
        var current = await departments.GetAsync(actor.Person.TenantId, departmentId, ct);
        return current is null ? (DepartmentChange.NotFound, null) : (await departments.SetArchivedAsync(current, archived, ct), null);
    }

    /// <summary>An IANA id such as "America/New_York"; empty goes back to the company's time zone.</summary>
    public async Task<(DepartmentChange? Result, string? Error)> SetTimeZoneAsync(UserContext actor, string departmentId, string? timeZone, CancellationToken ct)
    {
        if (!actor.IsPromoter)
        {
            return (null, nameof(Resources.Strings.Error_NotAllowed));
        }
        var zone = string.IsNullOrWhiteSpace(timeZone) ? null : timeZone.Trim();
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            return (null, nameof(Resources.Strings.Departments_TimeZoneUnknown));
        }
        var current = await departments.GetAsync(actor.Person.TenantId, departmentId, ct);
        return current is null ? (DepartmentChange.NotFound, null) : (await departments.SetTimeZoneAsync(current, zone, ct), null);
    }

    /// <summary>Returns the resource key of the problem, or null when the name is acceptable.</summary>
    public static string? ValidateName(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return nameof(Resources.Strings.Department_NameRequired);
        }
        if (trimmed.Length > Department.MaxNameLength)
        {
            return nameof(Resources.Strings.Department_NameTooLong);
        }
        return trimmed.Any(char.IsControl) ? nameof(Resources.Strings.Department_NameInvalid) : null;
    }
}
