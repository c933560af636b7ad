using Microsoft.Extensions.Options;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>Everything one initiative's lists are drawn from, read once and shared by every reader of a send.</summary>
public sealed record FollowUpSnapshot(Initiative Initiative, DateOnly AsOf, IReadOnlyList<PersonUsage> People, IReadOnlyDictionary<string, Person> Directory,
    IReadOnlyDictionary<string, Department> Departments, IReadOnlyDictionary<string, FollowUpMark> Marks);

/// <summary>
/// The key users' follow-up list: who in a department never started or has lapsed (as of the newest imported
/// week), with the marks key users and promoters set, and who is allowed to see names and set marks.
/// </summary>
public sealed class FollowUpList(
    IUsageFigures figures,
    FollowUpMarkRepository marks,
    PersonRepository people,
    DepartmentRepository departments,
    InitiativeRepository initiatives,
    PersonZones zones,
    IOptions<UsageOptions> usage,
    IOptions<FollowUpOptions> options)
{
    public int MaxRows => options.Value.MaxRows;

    /// <summary>The initiatives whose people include any of <paramref name="departmentIds"/>, in the directory's order.</summary>
    public async Task<IReadOnlyList<Initiative>> InitiativesForAsync(string tenantId, IReadOnlyCollection<string> departmentIds, CancellationToken ct) =>
        (await initiatives.ListAsync(tenantId, ct)).Where(i => i.DepartmentIds.Count == 0 || i.DepartmentIds.Any(departmentIds.Contains)).ToList();

    /// <summary>Null when no usage has been imported for the initiative.</summary>
    public async Task<FollowUpSnapshot?> LoadAsync(Initiative initiative, CancellationToken ct)
    {
        var overview = await figures.OverviewAsync(initiative, ct);
        if (overview is null)
        {
            return null;
        }
        var standing = await figures.PeopleAsync(initiative, null, overview.AsOf, ct);
        var directory = (await people.ListAsync(initiative.TenantId, ct)).ToDictionary(p => p.AadObjectId, StringComparer.Ordinal);
        var departmentList = (await departments.ListAsync(initiative.TenantId, ct)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        return new FollowUpSnapshot(initiative, overview.AsOf, standing, directory, departmentList, await marks.ListAsync(initiative.TenantId, initiative.Id, ct));
    }

    /// <summary>
    /// Whether this reader sees the names of <paramref name="departmentIds"/>' people: promoters and the departments'
    /// own key users as <c>Usage:NamesVisibleTo</c> says (a promoter who is also a key user reads as a promoter);
    /// anyone else allowed to read (an executive) sees counts only.
    /// </summary>
    public FollowUpNames NamesFor(Person reader, IReadOnlySet<Role> roles, IEnumerable<string> departmentIds)
    {
        var setting = usage.Value.NamesVisibleTo;
        if (!roles.Contains(Role.Promoter) && !departmentIds.All(reader.KeyUserOf.Contains))
        {
            return FollowUpNames.Executive;
        }
        return setting switch
        {
            UsageNames.Nobody => FollowUpNames.Nobody,
            UsageNames.Promoters when !roles.Contains(Role.Promoter) => FollowUpNames.PromotersOnly,
            _ => FollowUpNames.Shown,
        };
    }

    /// <summary>Who may mark people of a department: its key users and the promoters.</summary>
    public static bool Leads(Person person, IReadOnlySet<Role> roles, string? departmentId) =>
        roles.Contains(Role.Promoter) || (departmentId is not null && person.KeyUserOf.Contains(departmentId));

    /// <summary>Who may read a department's list: those who lead it, and executives (counts only, see <see cref="NamesFor"/>).</summary>
    public static bool MayRead(Person person, IReadOnlySet<Role> roles, string departmentId) =>
        Leads(person, roles, departmentId) || roles.Contains(Role.Executive);

    public FollowUpView View(FollowUpSnapshot snapshot, IReadOnlyList<string> departmentIds, FollowUpNames names)
    {
        var list = new List<FollowUpDepartment>();
        foreach (var id in departmentIds.Distinct())
        {
            if (!snapshot.Departments.TryGetValue(id, out var department) || department.Archived)
            {
                continue;
            }
            var own = snapshot.People.Where(p => p.DepartmentId == id).ToList();
            var rows = own.Where(p => p.Standing is UsageStanding.NeverStarted or UsageStanding.Lapsed).Select(p => Row(snapshot, p)).ToList();
            var toFollow = rows.Where(r => r.Mark != FollowUpMarkKind.NotNeeded)
                // Not yet contacted first, then the longest ago; the lapsed (who once had the habit) before those who never started.
                .OrderBy(r => r.Mark is null ? 0 : 1).ThenBy(r => r.MarkedOn)
                .ThenBy(r => r.Standing == UsageStanding.Lapsed ? 0 : 1).ThenByDescending(r => r.LastActive)
                .ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
            var contacted = own.Where(p => snapshot.Marks.TryGetValue(p.PersonId, out var m) && m.Kind == FollowUpMarkKind.Contacted).ToList();
            var cameBack = contacted.Count(p => p.LastActive is { } last && last >= Day(snapshot.Marks[p.PersonId].At));
            list.Add(new FollowUpDepartment(id, department.Name, toFollow, rows.Where(r => r.Mark == FollowUpMarkKind.NotNeeded).OrderBy(r => r.Name, StringComparer.Ordinal).ToList(),
                toFollow.Count(r => r.Standing == UsageStanding.NeverStarted), toFollow.Count(r => r.Standing == UsageStanding.Lapsed), contacted.Count, cameBack));
        }
        return new FollowUpView(snapshot.Initiative, snapshot.AsOf, list, names, names == FollowUpNames.Shown);
    }

    private FollowUpRow Row(FollowUpSnapshot snapshot, PersonUsage usage)
    {
        var mark = snapshot.Marks.GetValueOrDefault(usage.PersonId);
        var name = snapshot.Directory.TryGetValue(usage.PersonId, out var person) ? person.DisplayName : usage.PersonId;
        return new FollowUpRow(usage.PersonId, name, usage.Standing, usage.LastActive, mark?.Kind, mark is null ? null : Day(mark.At), mark?.ByName);
    }

    /// <summary>The company's date of an instant: usage weeks and active days are counted in the company's zone.</summary>
    public DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zones.Company).DateTime);
}
