using System.ComponentModel.DataAnnotations;

namespace TeamsDxBot.Usage;

/// <summary>The key users' weekly follow-up list (section <c>Usage:FollowUp</c>).</summary>
public sealed class FollowUpOptions
{
    public const string Section = "Usage:FollowUp";

    /// <summary>When the weekly list goes out, in the company's time zone (default Monday 10:00).</summary>
    [Required]
    public string WeeklyCron { get; set; } = "0 10 * * 1";

    /// <summary>How often an instance looks whether the weekly list is due.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>People a list shows per department at most (fewer when several departments share a card); the rest are counted.</summary>
    [Range(5, 100)]
    public int MaxRows { get; set; } = 25;
}

/// <summary>The measured nudge rule (section <c>Usage:Nudge</c>).</summary>
public sealed class MeasuredNudgeOptions
{
    public const string Section = "Usage:Nudge";

    /// <summary>Someone with no active week is nudged only this many days after go-live.</summary>
    [Range(0, 365)]
    public int NeverStartedAfterDays { get; set; } = 14;

    /// <summary>
    /// Nobody is nudged when the newest imported week is older than this many weeks before the current one:
    /// stale data would make everyone look lapsed.
    /// </summary>
    [Range(0, 26)]
    public int FreshWeeks { get; set; } = 2;
}
