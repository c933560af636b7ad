using TeamsDxBot.Reports;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>
/// What one reader may see of the measured usage: the company always, then all departments (promoters,
/// executives) or the ones they are key user of; names per <c>Usage:NamesVisibleTo</c>, for promoters
/// everywhere and for key users in their own departments. Executives never see names, and the
/// executives' monthly report carries none whoever reads it. Staff see nothing here (null).
/// </summary>
public sealed record UsageReportAudience(bool AllDepartments, IReadOnlySet<string> Departments, bool AllNames, IReadOnlySet<string> NameDepartments)
{
    public static UsageReportAudience? For(IReadOnlySet<Role> roles, Person person, UsageNames namesVisibleTo, ReportKind kind = ReportKind.Latest)
    {
        var promoter = roles.Contains(Role.Promoter);
        var leader = promoter || roles.Contains(Role.Executive);
        var keyUser = roles.Contains(Role.KeyUser) && person.KeyUserOf.Count > 0;
        if (!leader && !keyUser)
        {
            return null;
        }
        var names = kind != ReportKind.Monthly;
        var allNames = names && promoter && namesVisibleTo != UsageNames.Nobody;
        var nameDepartments = names && keyUser && namesVisibleTo == UsageNames.PromotersAndKeyUsers ? person.KeyUserOf : new HashSet<string>();
        return new UsageReportAudience(leader, leader ? new HashSet<string>() : person.KeyUserOf, allNames, allNames ? new HashSet<string>() : nameDepartments);
    }

    /// <summary>Whether the department's group (null: the whole company) is shown.</summary>
    public bool Sees(string? departmentId) => departmentId is null || AllDepartments || Departments.Contains(departmentId);

    public bool AnyNames => AllNames || NameDepartments.Count > 0;

    /// <summary>Whether names of the department's people may be shown (people with no department: promoters only).</summary>
    public bool SeesNamesIn(string? departmentId) => AllNames || (departmentId is not null && NameDepartments.Contains(departmentId));
}
