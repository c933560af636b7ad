using Microsoft.Extensions.Options;
using TeamsDxBot.Calendar;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>Works the figures out from every imported person-week of the initiative and the directory as it is now.</summary>
public sealed class UsageFigures(UsageWeekRepository usage, PersonRepository people, DepartmentRepository departments, IOptions<UsageOptions> options) : IUsageFigures
{
    public async Task<UsageOverview?> OverviewAsync(Initiative initiative, CancellationToken ct)
    {
        var weeks = await usage.ListFromAsync(initiative.TenantId, initiative.Id, DateOnly.MinValue, ct);
        if (weeks.Count == 0)
        {
            return null;
        }
        var asOf = weeks.Max(w => w.WeekStart);
        var first = UsageWeek.MondayOf(Min(weeks.Min(w => w.WeekStart), initiative.GoLive == default ? asOf : initiative.GoLive));
        var covered = await CoveredAsync(initiative, ct);
        var active = ActiveWeeks(weeks);
        var calendar = Enumerable.Range(0, (asOf.DayNumber - first.DayNumber) / 7 + 1).Select(i => first.AddDays(7 * i)).ToList();
        var groups = new List<UsageSeries> { new(null, Series(covered.People, active, calendar)) };
        foreach (var department in covered.Departments)
        {
            groups.Add(new UsageSeries(department.Id, Series(covered.People.Where(p => p.DepartmentId == department.Id).ToList(), active, calendar)));
        }
        return new UsageOverview(initiative, asOf, groups);
    }

    public async Task<IReadOnlyList<PersonUsage>> PeopleAsync(Initiative initiative, string? departmentId, DateOnly week, CancellationToken ct)
    {
        var weeks = await usage.ListFromAsync(initiative.TenantId, initiative.Id, DateOnly.MinValue, ct);
        if (weeks.Count == 0)
        {
            return [];
        }
        week = UsageWeek.MondayOf(week);
        var covered = await CoveredAsync(initiative, ct);
        var active = ActiveWeeks(weeks);
        var lastActive = weeks.Where(w => w.ActiveDays > 0 && w.WeekStart <= week).GroupBy(w => w.PersonId).ToDictionary(g => g.Key, g => g.Max(w => w.LastActive));
        return covered.People.Where(p => departmentId is null || p.DepartmentId == departmentId)
            .Select(p =>
            {
                var own = active.GetValueOrDefault(p.AadObjectId) ?? [];
                return new PersonUsage(p.AadObjectId, p.DepartmentId, Standing(own, week), lastActive.TryGetValue(p.AadObjectId, out var d) ? d : null,
                    Enumerable.Range(0, 4).Count(i => own.Contains(week.AddDays(-7 * i))));
            })
            .ToList();
    }

    /// <summary>The standing of someone active in <paramref name="active"/> weeks, as of <paramref name="week"/>.</summary>
    public UsageStanding Standing(IReadOnlySet<DateOnly> active, DateOnly week)
    {
        var before = active.Any(w => w < week);
        if (active.Contains(week) && !before)
        {
            return UsageStanding.NewlyActive;
        }
        if (!before)
        {
            return UsageStanding.NeverStarted;
        }
        if (Enumerable.Range(0, 4).Count(i => active.Contains(week.AddDays(-7 * i))) >= 3)
        {
            return UsageStanding.Habitual;
        }
        return Enumerable.Range(0, options.Value.LapsedWeeks).Any(i => active.Contains(week.AddDays(-7 * i))) ? UsageStanding.Occasional : UsageStanding.Lapsed;
    }

    private List<UsageWeekFigures> Series(IReadOnlyList<Person> group, Dictionary<string, HashSet<DateOnly>> active, IReadOnlyList<DateOnly> calendar) =>
        calendar.Select(week =>
        {
            var standings = group.Select(p => (Active: active.GetValueOrDefault(p.AadObjectId)?.Contains(week) == true,
                Standing: Standing(active.GetValueOrDefault(p.AadObjectId) ?? [], week))).ToList();
            return new UsageWeekFigures(week, group.Count, standings.Count(s => s.Active),
                standings.Count(s => s.Standing == UsageStanding.NewlyActive), standings.Count(s => s.Standing == UsageStanding.Habitual),
                standings.Count(s => s.Standing == UsageStanding.Lapsed), standings.Count(s => s.Standing == UsageStanding.NeverStarted));
        }).ToList();

    private static Dictionary<string, HashSet<DateOnly>> ActiveWeeks(IReadOnlyList<UsageWeek> weeks) =>
        weeks.Where(w => w.ActiveDays > 0).GroupBy(w => w.PersonId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(w => w.WeekStart).ToHashSet(), StringComparer.Ordinal);

    private async Task<(IReadOnlyList<Person> People, IReadOnlyList<Department> Departments)> CoveredAsync(Initiative initiative, CancellationToken ct)
    {
        var all = await departments.ListAsync(initiative.TenantId, ct);
        var covered = all.Where(d => !d.Archived && (initiative.DepartmentIds.Count == 0 || initiative.DepartmentIds.Contains(d.Id))).ToList();
        var ids = covered.Select(d => d.Id).ToHashSet();
        var everyone = await people.ListAsync(initiative.TenantId, ct);
        return (everyone.Where(p => initiative.DepartmentIds.Count == 0 ? p.DepartmentId is null || ids.Contains(p.DepartmentId) || !all.Any(d => d.Id == p.DepartmentId) : p.DepartmentId is { } d && ids.Contains(d)).ToList(), covered);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
