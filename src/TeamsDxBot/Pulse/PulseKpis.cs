using TeamsDxBot.Anonymity;
using TeamsDxBot.Initiatives;

namespace TeamsDxBot.Pulse;

public enum KpiStatus
{
    NoData,
    OnTrack,
    /// <summary>Below target, and the trend projected to the target date falls short.</summary>
    AtRisk,
    /// <summary>The target date has passed and the figure is below target.</summary>
    Below,
}

/// <summary>A group's figures in one run. <see cref="Suppressed"/>: fewer than k respondents, so nothing is shown.</summary>
public sealed record GroupFigures(
    string Key,
    int Invited,
    int Respondents,
    bool Suppressed,
    double? ResponseRate,
    double? UseRate,
    double? UseRateOfHeadcount,
    double? Ease,
    double? FallbackRate,
    IReadOnlyDictionary<string, int> Blockers,
    IReadOnlyList<TallyComment> Comments)
{
    public const string Company = "*";
    public const string Other = GroupingPolicy.Other;
}

/// <summary>One run's figures: company level and per department, grouped by <see cref="GroupingPolicy"/>.</summary>
public sealed record RunFigures(PulseRun Run, GroupFigures Company, IReadOnlyList<GroupFigures> Departments, Grouping Grouping)
{
    public GroupFigures? For(string key) => key == GroupFigures.Company ? Company : Departments.FirstOrDefault(d => d.Key == key);
}

/// <summary>
/// Turns tallies into KPIs, grouped by <see cref="GroupingPolicy"/> on the respondents of each
/// department: a group under k shows no figure and no comment.
/// </summary>
public static class PulseKpis
{
    public static RunFigures Figures(PulseRun run, RunTally tally, int k)
    {
        var keys = run.Invited.Keys.Concat(tally.Departments.Keys).Distinct().ToList();
        Tally TallyOf(string key) => tally.Departments.TryGetValue(key, out var t) ? t : new Tally();
        int InvitedOf(string key) => run.Invited.GetValueOrDefault(key);

        var grouping = GroupingPolicy.Decide(keys.Select(key => new GroupSize(key, TallyOf(key).Respondents)), k);
        var (shown, folded) = (grouping.Shown, grouping.Folded);

        var company = new Tally();
        keys.ForEach(key => company.Merge(TallyOf(key)));
        var other = new Tally();
        foreach (var key in folded)
        {
            other.Merge(TallyOf(key));
        }

        var departments = shown.Select(key => Group(key, run, TallyOf(key), InvitedOf(key), k)).ToList();
        if (folded.Count > 0 && (other.Respondents > 0 || folded.Sum(InvitedOf) > 0))
        {
            departments.Add(Group(GroupFigures.Other, run, other, folded.Sum(InvitedOf), k));
        }
        return new RunFigures(run, Group(GroupFigures.Company, run, company, run.Invited.Values.Sum(), k), departments, grouping);
    }

    private static GroupFigures Group(string key, PulseRun run, Tally tally, int invited, int k)
    {
        if (tally.Respondents < k)
        {
            return new GroupFigures(key, invited, tally.Respondents, true, null, null, null, null, null, new Dictionary<string, int>(), []);
        }
        string? IdOf(string role) => run.Questions.FirstOrDefault(q => q.Role == role)?.Id;
        double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;

        double? useRate = null, useOfHeadcount = null, fallback = null;
        if (IdOf(PulseRoles.Usage) is { } usage)
        {
            var answered = tally.Answered(usage);
            var used = answered - tally.Count(usage, PulseRoles.NotUsed);
            useRate = Rate(used, answered);
            useOfHeadcount = Rate(used, invited);
        }
        if (IdOf(PulseRoles.Fallback) is { } fb)
        {
            fallback = Rate(tally.Count(fb, "yes"), tally.Answered(fb));
        }
        var blockers = IdOf(PulseRoles.Blockers) is { } b && tally.Choices.TryGetValue(b, out var counts)
            ? new Dictionary<string, int>(counts) : new Dictionary<string, int>();
        return new GroupFigures(key, invited, tally.Respondents, false, Rate(tally.Respondents, invited), useRate, useOfHeadcount,
            IdOf(PulseRoles.Ease) is { } ease ? tally.Mean(ease) : null, fallback, blockers,
            tally.Comments.Select(c => run.Anonymous ? c with { Name = null } : c).ToList());
    }

    /// <summary>
    /// Where a group stands against the initiative's target: on track when at or above it, or when the
    /// straight-line trend of the last runs reaches it by the target date; below once the date has passed.
    /// </summary>
    public static KpiStatus Status(Initiative initiative, IReadOnlyList<(DateOnly Date, double? UseRate)> trend, DateOnly today)
    {
        var points = trend.Where(p => p.UseRate is not null).Select(p => (p.Date, Value: p.UseRate!.Value)).ToList();
        if (points.Count == 0)
        {
            return KpiStatus.NoData;
        }
        var target = initiative.TargetPercent / 100.0;
        var latest = points[^1].Value;
        if (latest >= target)
        {
            return KpiStatus.OnTrack;
        }
        if (today >= initiative.TargetDate)
        {
            return KpiStatus.Below;
        }
        var recent = points.TakeLast(6).ToList();
        if (recent.Count < 2)
        {
            return KpiStatus.AtRisk;
        }
        var origin = recent[0].Date.DayNumber;
        var xs = recent.Select(p => (double)(p.Date.DayNumber - origin)).ToList();
        var ys = recent.Select(p => p.Value).ToList();
        var (mx, my) = (xs.Average(), ys.Average());
        var sxx = xs.Sum(x => (x - mx) * (x - mx));
        var slope = sxx == 0 ? 0 : xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / sxx;
        var projected = my + (slope * (initiative.TargetDate.DayNumber - origin - mx));
        return projected >= target ? KpiStatus.OnTrack : KpiStatus.AtRisk;
    }
}
