namespace TeamsDxBot.Nudges;

public sealed class NudgeOptions
{
    public const string Section = "Nudges";

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Nudges one person may get in one day (their local date), all rules together.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10)]
    public int DailyCap { get; set; } = 2;

    /// <summary>The promoter is told when no executive message has gone out for this long.</summary>
    public TimeSpan ExecutiveSilence { get; set; } = TimeSpan.FromDays(30);
}
