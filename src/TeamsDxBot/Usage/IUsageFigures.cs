using TeamsDxBot.Initiatives;

namespace TeamsDxBot.Usage;

/// <summary>
/// One group's measured figures in one week (Monday, company time zone). <see cref="Headcount"/> is the
/// directory's people of the group as it is now (the same people are counted in every week).
/// </summary>
public sealed record UsageWeekFigures(DateOnly Week, int Headcount, int Active, int NewlyActive, int Habitual, int Lapsed, int NeverStarted)
{
    /// <summary>Share of the group active in the week (0–1); null when the group has nobody.</summary>
    public double? ActiveRate => Headcount == 0 ? null : (double)Active / Headcount;
}

/// <summary>One group's weeks, oldest first. <see cref="DepartmentId"/> null: the whole company (everyone the initiative covers).</summary>
public sealed record UsageSeries(string? DepartmentId, IReadOnlyList<UsageWeekFigures> Weeks);

/// <summary>
/// The measured usage of one initiative: the company first, then each department the initiative covers
/// (in the directory's order). Weeks run from the first imported week (or go-live, whichever is earlier)
/// to <see cref="AsOf"/>, the newest week with imported data, with no gaps.
/// </summary>
public sealed record UsageOverview(Initiative Initiative, DateOnly AsOf, IReadOnlyList<UsageSeries> Groups)
{
    public UsageSeries Company => Groups[0];
}

/// <summary>The figures built on the imported per-person weeks. Not anonymous: who may see names is <c>Usage:NamesVisibleTo</c>, decided by the caller.</summary>
public interface IUsageFigures
{
    /// <summary>Null when nothing has been imported for the initiative.</summary>
    Task<UsageOverview?> OverviewAsync(Initiative initiative, CancellationToken ct);

    /// <summary>
    /// Everyone the initiative covers (or only <paramref name="departmentId"/>'s people) with their standing in
    /// <paramref name="week"/>; empty when nothing has been imported.
    /// </summary>
    Task<IReadOnlyList<PersonUsage>> PeopleAsync(Initiative initiative, string? departmentId, DateOnly week, CancellationToken ct);
}
