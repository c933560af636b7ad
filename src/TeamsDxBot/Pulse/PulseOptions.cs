using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TeamsDxBot.Pulse;

public sealed class PulseOptions
{
    public const string Section = "Pulse";
    /// <summary>Known to every development instance so they agree; production must set its own.</summary>
    public const string DevelopmentSecret = "dGVhbXNkeGJvdC1kZXZlbG9wbWVudC1wdWxzZS1zZWNyZXQtMDAx";

    /// <summary>
    /// Base64 key (≥ 32 bytes) for the respondent keys of anonymous answers and for the answer tokens
    /// in survey cards. Shared by every instance; changing it orphans the open runs' answers.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>No figure or comment is shown for a group with fewer respondents (the minimum allowed is 3).</summary>
    [Range(3, 1000)]
    public int AnonymityThreshold { get; set; } = 5;

    [Range(1, 64)]
    public int Shards { get; set; } = 16;

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Months after go-live when the longer review survey goes out.</summary>
    public int[] ReviewMonths { get; set; } = [3, 6, 12];

    [Range(1, 20)]
    public int ReviewWindowDays { get; set; } = 5;

    public TimeOnly ReviewTime { get; set; } = new(10, 0);

    /// <summary>When the executives' monthly report goes out, in the company's time zone.</summary>
    [Required]
    public string MonthlyReportCron { get; set; } = "0 9 1 * *";

    /// <summary>A run is summarised this long after it closes, so answers submitted at the last second are in.</summary>
    public TimeSpan SummaryGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Questions still unanswered this many days after they were due count as long overdue in the executives' report.</summary>
    [Range(1, 365)]
    public int LongOverdueDays { get; set; } = 5;

    public byte[] SecretBytes() => Convert.FromBase64String(Secret ?? DevelopmentSecret);
}

public sealed class PulseOptionsValidator(IHostEnvironment environment) : IValidateOptions<PulseOptions>
{
    public ValidateOptionsResult Validate(string? name, PulseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Secret))
        {
            return environment.IsProduction()
                ? ValidateOptionsResult.Fail("Pulse:Secret must be set in Production (base64, at least 32 random bytes, the same on every instance).")
                : ValidateOptionsResult.Success;
        }
        try
        {
            return Convert.FromBase64String(options.Secret).Length >= 32
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Pulse:Secret must decode to at least 32 bytes.");
        }
        catch (FormatException)
        {
            return ValidateOptionsResult.Fail("Pulse:Secret is not valid base64.");
        }
    }
}
