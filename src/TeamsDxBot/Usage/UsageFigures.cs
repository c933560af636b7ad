using Microsoft.Extensions.Options;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;

namespace TeamsDxBot.Usage;

/// <summary>
/// Works the figures out on every call from the initiative's packed person-weeks (one range scan, see
/// <see cref="UsageWeekRepository"/>) and who is in which department now (the directory's ids and
/// departments only): one pass over each person's weeks, so 10,000 people × 52 weeks take a few milliseconds
/// of CPU after the two reads.
/// </summary>
public sealed class UsageFigures(UsageWeekRepository usage, UsageDirectory people, DepartmentRepository departments, IOptions<UsageOptions> options) : IUsageFigures
{
    public async Task<UsageOverview?> OverviewAsync(Initiative initiative, CancellationToken ct)
    {
        var coveredTask = CoveredAsync(initiative, ct);
        var histories = await usage.ReadAsync(initiative.TenantId, initiative.Id, ct);
        var covered = await coveredTask;
        if (histories.Count == 0)
        {
            return null;
        }
        var asOfWeek = histories.Max(h => h.Weeks[^1].Week);
        var asOf = DateOnly.FromDayNumber(asOfWeek * 7);
        var first = UsageWeek.MondayOf(Min(DateOnly.FromDayNumber(histories.Min(h => h.Weeks[0].Week) * 7), initiative.GoLive == default ? asOf : initiative.GoLive));
        var firstWeek = UsageWeekEntry.WeekOf(first);
        var n = asOfWeek - firstWeek + 1;

        // Group 0 is the company; department i is group i + 1.
        var groupOf = covered.Departments.Select((d, i) => (d.Id, i + 1)).ToDictionary(x => x.Id, x => x.Item2, StringComparer.Ordinal);
        var groups = covered.Departments.Count + 1;
        var headcount = new int[groups];
        var counts = new int[groups, n, Figure.Count];
        var byPerson = histories.ToDictionary(h => h.PersonId, StringComparer.Ordinal);
        var active = new bool[n];
        var standings = new UsageStanding[n];
        foreach (var person in covered.People)
        {
            var group = person.DepartmentId is { } d && groupOf.TryGetValue(d, out var g) ? g : 0;
            headcount[0]++;
            if (group > 0)
            {
                headcount[group]++;
            }
            if (!byPerson.TryGetValue(person.AadObjectId, out var history) || !Fill(history, firstWeek, active))
            {
                // Never active: counted as never started in every week, and nothing else.
                for (var w = 0; w < n; w++)
                {
                    counts[0, w, Figure.NeverStarted]++;
                    if (group > 0)
                    {
                        counts[group, w, Figure.NeverStarted]++;
                    }
                }
                continue;
            }
            Standings(active, options.Value.LapsedWeeks, standings);
            for (var w = 0; w < n; w++)
            {
                Count(counts, 0, w, active[w], standings[w]);
                if (group > 0)
                {
                    Count(counts, group, w, active[w], standings[w]);
                }
            }
        }

        var series = new List<UsageSeries>(groups);
        for (var g = 0; g < groups; g++)
        {
            var weeks = new List<UsageWeekFigures>(n);
            for (var w = 0; w < n; w++)
            {
                weeks.Add(new UsageWeekFigures(first.AddDays(7 * w), headcount[g], counts[g, w, Figure.Active], counts[g, w, Figure.NewlyActive],
                    counts[g, w, Figure.Habitual], counts[g, w, Figure.Lapsed], counts[g, w, Figure.NeverStarted]));
            }
            series.Add(new UsageSeries(g == 0 ? null : covered.Departments[g - 1].Id, weeks));
        }
        return new UsageOverview(initiative, asOf, series);
    }

    public async Task<IReadOnlyList<PersonUsage>> PeopleAsync(Initiative initiative, string? departmentId, DateOnly week, CancellationToken ct)
    {
        var coveredTask = CoveredAsync(initiative, ct);
        var histories = await usage.ReadAsync(initiative.TenantId, initiative.Id, ct);
        var covered = await coveredTask;
        if (histories.Count == 0)
        {
            return [];
        }
        week = UsageWeek.MondayOf(week);
        var target = UsageWeekEntry.WeekOf(week);
        var byPerson = histories.ToDictionary(h => h.PersonId, StringComparer.Ordinal);
        var lapsedWeeks = options.Value.LapsedWeeks;
        var result = new List<PersonUsage>();
        foreach (var person in covered.People.Where(p => departmentId is null || p.DepartmentId == departmentId))
        {
            if (!byPerson.TryGetValue(person.AadObjectId, out var history))
            {
                result.Add(new PersonUsage(person.AadObjectId, person.DepartmentId, UsageStanding.NeverStarted, null, 0));
                continue;
            }
            // Weeks after the one asked about do not count; the entries are oldest first.
            int? firstActive = null;
            DateOnly? lastActive = null;
            int last4 = 0, recent = 0;
            var activeNow = false;
            foreach (var entry in history.Weeks)
            {
                if (entry.Week > target || entry.ActiveDays == 0)
                {
                    continue;
                }
                firstActive ??= entry.Week;
                lastActive = entry.LastActive;
                last4 += target - entry.Week < 4 ? 1 : 0;
                recent += target - entry.Week < lapsedWeeks ? 1 : 0;
                activeNow |= entry.Week == target;
            }
            var standing = firstActive is not { } f ? UsageStanding.NeverStarted
                : f == target ? UsageStanding.NewlyActive
                : last4 >= 3 ? UsageStanding.Habitual
                : recent > 0 ? UsageStanding.Occasional
                : UsageStanding.Lapsed;
            result.Add(new PersonUsage(person.AadObjectId, person.DepartmentId, standing, lastActive, last4));
        }
        return result;
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

    /// <summary>Marks the person's active weeks from <paramref name="firstWeek"/> on; false when they were never active.</summary>
    private static bool Fill(UsageHistory history, int firstWeek, bool[] active)
    {
        Array.Clear(active);
        var any = false;
        foreach (var entry in history.Weeks)
        {
            var i = entry.Week - firstWeek;
            if (entry.ActiveDays > 0 && i >= 0 && i < active.Length)
            {
                active[i] = true;
                any = true;
            }
        }
        return any;
    }

    /// <summary>Each week's standing in one pass, with running counts of the last 4 and the last <paramref name="lapsedWeeks"/> weeks.</summary>
    private static void Standings(bool[] active, int lapsedWeeks, UsageStanding[] standings)
    {
        var started = false;
        int last4 = 0, recent = 0;
        for (var w = 0; w < active.Length; w++)
        {
            last4 += (active[w] ? 1 : 0) - (w >= 4 && active[w - 4] ? 1 : 0);
            recent += (active[w] ? 1 : 0) - (w >= lapsedWeeks && active[w - lapsedWeeks] ? 1 : 0);
            if (!started)
            {
                started = active[w];
                standings[w] = started ? UsageStanding.NewlyActive : UsageStanding.NeverStarted;
                continue;
            }
            standings[w] = last4 >= 3 ? UsageStanding.Habitual : recent > 0 ? UsageStanding.Occasional : UsageStanding.Lapsed;
        }
    }

    private static void Count(int[,,] counts, int group, int week, bool active, UsageStanding standing)
    {
        if (active)
        {
            counts[group, week, Figure.Active]++;
        }
        var figure = standing switch
        {
            UsageStanding.NewlyActive => Figure.NewlyActive,
            UsageStanding.Habitual => Figure.Habitual,
            UsageStanding.Lapsed => Figure.Lapsed,
            UsageStanding.NeverStarted => Figure.NeverStarted,
            _ => -1,
        };
        if (figure >= 0)
        {
            counts[group, week, figure]++;
        }
    }

    private static class Figure
    {
        public const int Active = 0;
        public const int NewlyActive = 1;
        public const int Habitual = 2;
        public const int Lapsed = 3;
        public const int NeverStarted = 4;
        public const int Count = 5;
    }

    /// <summary>
    /// The initiative's departments (not archived) and its people now: with no departments named, everyone
    /// except the people of archived departments; otherwise the people of the named departments.
    /// </summary>
    private async Task<(IReadOnlyList<PersonIdentity> People, IReadOnlyList<Department> Departments)> CoveredAsync(Initiative initiative, CancellationToken ct)
    {
        var everyoneTask = people.ListAsync(initiative.TenantId, ct);
        var all = await departments.ListAsync(initiative.TenantId, ct);
        var covered = all.Where(d => !d.Archived && (initiative.DepartmentIds.Count == 0 || initiative.DepartmentIds.Contains(d.Id))).ToList();
        var ids = covered.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var known = all.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var everyone = await everyoneTask;
        return (everyone.Where(p => initiative.DepartmentIds.Count == 0
            ? p.DepartmentId is null || ids.Contains(p.DepartmentId) || !known.Contains(p.DepartmentId)
            : p.DepartmentId is { } d && ids.Contains(d)).ToList(), covered);
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
