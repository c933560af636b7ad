using TeamsDxBot.Anonymity;

namespace TeamsDxBot.Broadcasts;

/// <summary>"I'll try it" counts by department; groups below the anonymity threshold are folded into one "other" (DepartmentId null).</summary>
public sealed record AckFigures(int Total, IReadOnlyList<(string? DepartmentId, int Count)> Groups)
{
    /// <summary>
    /// Per department by <see cref="GroupingPolicy"/> on the acknowledgements: a department is named only
    /// with at least k, the rest are one "other" of at least k; when not even that is possible, only the
    /// total is given (the author's whole audience, which they know anyway), with no breakdown.
    /// </summary>
    /// <param name="onlyDepartment">
    /// The audience's department when it is a single one: every acknowledgement then counts there (the
    /// breakdown is the total the author sees anyway, under its name, not その他), also from someone who
    /// has moved or lost their department since it was sent.
    /// </param>
    public static AckFigures Fold(IEnumerable<BroadcastAck> acks, int threshold, string? onlyDepartment = null)
    {
        if (onlyDepartment is { Length: > 0 })
        {
            var total = acks.Count();
            return new AckFigures(total, total == 0 ? [] : [(onlyDepartment, total)]);
        }
        var byDepartment = acks.GroupBy(a => a.DepartmentId).Select(g => new GroupSize(g.Key, g.Count())).ToList();
        var grouping = GroupingPolicy.Decide(byDepartment, threshold);
        var counts = byDepartment.ToDictionary(g => g.Key, g => g.People);
        var groups = grouping.Shown.Select(id => ((string?)id, counts[id])).OrderByDescending(g => g.Item2).ThenBy(g => g.Item1, StringComparer.Ordinal).ToList();
        if (grouping.OtherShown && groups.Count > 0)
        {
            groups.Add((null, grouping.OtherPeople));
        }
        return new AckFigures(grouping.TotalPeople, groups);
    }
}
