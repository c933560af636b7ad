using TeamsDxBot.Turns;

namespace TeamsDxBot.Initiatives;

/// <summary>
/// Who an audience (a pulse, a broadcast) reaches and who it leaves out, and why: people without a
/// department when the audience is chosen by department, people the bot cannot post to, and people who
/// paused their surveys. Reach is not an answer, so the people left out are named for the sender to fix.
/// </summary>
public sealed record AudienceReach(int Reached, IReadOnlyList<Person> NoDepartment, IReadOnlyList<Person> Unreachable, int Paused)
{
    public bool LeavesOut => NoDepartment.Count + Unreachable.Count + Paused > 0;

    /// <param name="everyone">The tenant's people.</param>
    /// <param name="departments">The audience's departments; null for everyone.</param>
    /// <param name="paused">Who is in the audience but asked not to get it (pulses only).</param>
    public static AudienceReach Of(IEnumerable<Person> everyone, IReadOnlyCollection<string>? departments, Func<Person, bool>? paused = null)
    {
        var people = everyone.ToList();
        var scoped = people.Where(p => departments is null || (p.DepartmentId is { } d && departments.Contains(d))).ToList();
        // Someone who is gone (uninstalled, blocked, left) without a department is nobody to fix.
        var noDepartment = departments is null ? [] : people.Where(p => string.IsNullOrEmpty(p.DepartmentId) && p.Reachability != Reachability.Unreachable)
            .OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToList();
        var unreachable = scoped.Where(p => !p.CanBeMessaged).OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToList();
        var pausedCount = scoped.Count(p => p.CanBeMessaged && paused?.Invoke(p) == true);
        return new AudienceReach(scoped.Count(p => p.CanBeMessaged) - pausedCount, noDepartment, unreachable, pausedCount);
    }
}
