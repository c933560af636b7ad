namespace TeamsDxBot.Anonymity;

/// <summary>A group going into the policy and how many people it counts (respondents, acknowledgements, askers).</summary>
public sealed record GroupSize(string Key, int People);

/// <summary>
/// What an output may show: <see cref="Shown"/> groups by name, everything else folded into one
/// "other" group, shown by figure only when it counts at least k people.
/// </summary>
public sealed record Grouping(int K, IReadOnlyList<string> Shown, IReadOnlyList<string> Folded, int OtherPeople, int TotalPeople)
{
    /// <summary>Everyone together: shown by figure only with at least k people.</summary>
    public bool TotalShown => TotalPeople >= K;

    /// <summary>"Other" has people and may be shown by figure (it is never under k while anything else is shown).</summary>
    public bool OtherShown => OtherPeople >= K;

    public bool IsShown(string key) => Shown.Contains(key, StringComparer.Ordinal);

    /// <summary>The group a member of <paramref name="key"/> is counted in: its own when shown, else "other".</summary>
    public string GroupOf(string key) => IsShown(key) ? key : GroupingPolicy.Other;
}

/// <summary>
/// The one anonymity rule every output follows (reports, chart, CSV, pushes, nudges, broadcast
/// acknowledgements, question measures). A group with fewer than k people shows no figure and folds
/// into "other", as do people without a department; when "other" then has people but fewer than k,
/// the smallest shown groups join it until it reaches k or nothing is shown by name. So every figure
/// shown covers at least k people, and the total minus the shown groups is either nobody or at least k
/// people: no hidden group can be worked out by subtraction.
/// </summary>
public static class GroupingPolicy
{
    public const string Other = "~other";

    /// <param name="unionSize">
    /// How many people several groups count together. Summing is right when each person is in one
    /// group; groups that share people (questions attributed to several key users) count the distinct ones.
    /// </param>
    public static Grouping Decide(IEnumerable<GroupSize> groups, int k, Func<IReadOnlyCollection<string>, int>? unionSize = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var sizes = groups.GroupBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(x => x.People), StringComparer.Ordinal);
        unionSize ??= keys => keys.Sum(key => sizes[key]);
        // Smallest first, so the group that joins "other" is always the smallest shown one.
        var shown = sizes.Where(s => s.Key.Length > 0 && s.Value >= k)
            .OrderBy(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Key).ToList();
        var folded = sizes.Keys.Where(key => !shown.Contains(key, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var other = unionSize(folded);
        while (other > 0 && other < k && shown.Count > 0)
        {
            folded.Add(shown[0]);
            shown.RemoveAt(0);
            other = unionSize(folded);
        }
        return new Grouping(k, shown.Order(StringComparer.Ordinal).ToList(), folded, other, unionSize(sizes.Keys.ToList()));
    }
}
