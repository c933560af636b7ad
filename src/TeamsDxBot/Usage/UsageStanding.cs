namespace TeamsDxBot.Usage;

/// <summary>Where a person stands with the tool in a given week, from their measured weeks up to it.</summary>
public enum UsageStanding
{
    /// <summary>No active week up to and including the week.</summary>
    NeverStarted,

    /// <summary>Active in the week and in no week before it.</summary>
    NewlyActive,

    /// <summary>Active in at least 3 of the 4 weeks ending with the week (and not newly active).</summary>
    Habitual,

    /// <summary>Active in at least one of the last <c>Usage:LapsedWeeks</c> weeks, but not habitual.</summary>
    Occasional,

    /// <summary>Active at some time before, but in none of the last <c>Usage:LapsedWeeks</c> weeks (default 2).</summary>
    Lapsed,
}

/// <summary>One person's standing in a week, for the key users' follow-up list and the measured nudges.</summary>
/// <param name="LastActive">The last active day on record, if any.</param>
/// <param name="ActiveWeeksOfLast4">Active weeks among the 4 ending with the week.</param>
public sealed record PersonUsage(string PersonId, string? DepartmentId, UsageStanding Standing, DateOnly? LastActive, int ActiveWeeksOfLast4);
