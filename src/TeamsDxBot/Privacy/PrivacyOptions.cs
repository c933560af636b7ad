using TeamsDxBot.Storage;

namespace TeamsDxBot.Privacy;

public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>Raw pulse answers and their free-text comments are kept this long; the counted figures stay.</summary>
    public TimeSpan AnswerRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>How often each instance looks for answers past their retention.</summary>
    public TimeSpan RetentionCheckInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long one instance may hold the retention job before another may take it over.</summary>
    public TimeSpan RetentionLease { get; set; } = TimeSpan.FromMinutes(30);

    public static string? Problem(PrivacyOptions o) =>
        o.AnswerRetention < TimeSpan.FromDays(1) ? "Privacy:AnswerRetention must be at least one day."
        : o.RetentionCheckInterval <= TimeSpan.Zero || o.RetentionLease <= TimeSpan.Zero ? "Privacy intervals must be positive."
        : o.RetentionCheckInterval > PeriodicJob.LongestInterval ? $"Privacy:RetentionCheckInterval must be at most {PeriodicJob.LongestInterval.TotalDays} days."
        : null;
}
