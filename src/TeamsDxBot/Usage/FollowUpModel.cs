using TeamsDxBot.Initiatives;

namespace TeamsDxBot.Usage;

/// <summary>Whether a reader sees the people of the list, or only how many, and why (<c>Usage:NamesVisibleTo</c>).</summary>
public enum FollowUpNames
{
    Shown,
    /// <summary>Names are for promoters only; a key user sees counts.</summary>
    PromotersOnly,
    /// <summary>Names are shown to nobody; everyone sees counts.</summary>
    Nobody,
    /// <summary>An executive (not leading the department as key user or promoter) sees departments' counts, never who.</summary>
    Executive,
}

/// <summary>One person to follow up, as the list shows them.</summary>
/// <param name="MarkedOn">The day of the mark, in the company's time zone.</param>
public sealed record FollowUpRow(string PersonId, string Name, UsageStanding Standing, DateOnly? LastActive, FollowUpMarkKind? Mark, DateOnly? MarkedOn, string? MarkedBy);

/// <summary>
/// One department's part of the list: the people to follow up (never started or lapsed, not marked as not
/// needed), those marked not needed, and how many of those contacted have used the tool since.
/// </summary>
public sealed record FollowUpDepartment(string DepartmentId, string Name, IReadOnlyList<FollowUpRow> ToFollow, IReadOnlyList<FollowUpRow> NotNeeded,
    int NeverStarted, int Lapsed, int Contacted, int CameBack);

/// <summary>The list of one initiative for one reader.</summary>
/// <param name="AsOf">The newest week with imported usage: standings are as of that week.</param>
/// <param name="CanMark">The reader sees names and may press the buttons.</param>
public sealed record FollowUpView(Initiative Initiative, DateOnly AsOf, IReadOnlyList<FollowUpDepartment> Departments, FollowUpNames Names, bool CanMark);
