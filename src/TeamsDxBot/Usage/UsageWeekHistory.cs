namespace TeamsDxBot.Usage;

/// <summary>One stored person-week, compact: the week as its Monday's <see cref="DateOnly.DayNumber"/> ÷ 7.</summary>
/// <param name="LastDay">The last active day, in days after the Monday (0–6).</param>
/// <param name="Uses">The summed count column, or -1 when the import had none.</param>
/// <param name="Stamp">Index of the import (source and time) in the chunk it was read from.</param>
public readonly record struct UsageWeekEntry(int Week, byte ActiveDays, byte LastDay, int Uses, int Stamp)
{
    public DateOnly WeekStart => DateOnly.FromDayNumber(Week * 7);

    public DateOnly LastActive => WeekStart.AddDays(LastDay);

    /// <summary>Mondays are the days whose day number is a multiple of 7 (0001-01-01 was a Monday).</summary>
    public static int WeekOf(DateOnly monday) => monday.DayNumber / 7;
}

/// <summary>Where and when a person-week was imported.</summary>
public sealed record UsageStamp(string Source, DateTimeOffset ReceivedAt);

/// <summary>One person's stored weeks of one initiative, oldest first (what the figures read for everyone).</summary>
public sealed class UsageHistory(string personId, List<UsageWeekEntry> weeks, IReadOnlyList<UsageStamp> stamps)
{
    public string PersonId { get; } = personId;

    public IReadOnlyList<UsageWeekEntry> Weeks => weeks;

    internal List<UsageWeekEntry> Entries => weeks;

    public UsageWeek ToWeek(string tenantId, string initiativeId, UsageWeekEntry entry) => new()
    {
        TenantId = tenantId,
        InitiativeId = initiativeId,
        PersonId = PersonId,
        WeekStart = entry.WeekStart,
        ActiveDays = entry.ActiveDays,
        LastActive = entry.LastActive,
        Uses = entry.Uses < 0 ? null : entry.Uses,
        Source = stamps[entry.Stamp].Source,
        ReceivedAt = stamps[entry.Stamp].ReceivedAt,
    };
}
