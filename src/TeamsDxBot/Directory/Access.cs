using Microsoft.Extensions.Options;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>Decides who holds which role; the single place role checks are derived from.</summary>
public sealed class Access(IOptionsMonitor<DirectoryOptions> options)
{
    public bool IsBootstrapAdmin(Person person) =>
        options.CurrentValue.Admins.Any(a =>
            string.Equals(a.Trim(), person.AadObjectId, StringComparison.OrdinalIgnoreCase) ||
            (person.Email is not null && string.Equals(a.Trim(), person.Email, StringComparison.OrdinalIgnoreCase)));

    public IReadOnlySet<Role> RolesOf(Person person)
    {
        var roles = StoredRoles(person);
        if (IsBootstrapAdmin(person))
        {
            roles.Add(Role.Promoter);
        }
        return roles;
    }

    /// <summary>The roles recorded on the person, without the bootstrap admins from configuration.</summary>
    public static HashSet<Role> StoredRoles(Person person)
    {
        var roles = new HashSet<Role> { Role.Staff };
        if (person.KeyUserOf.Count > 0)
        {
            roles.Add(Role.KeyUser);
        }
        if (person.IsPromoter)
        {
            roles.Add(Role.Promoter);
        }
        if (person.IsExecutive)
        {
            roles.Add(Role.Executive);
        }
        return roles;
    }
}
