using System.ComponentModel.DataAnnotations;

namespace TeamsDxBot.Usage;

/// <summary>The measured-usage part of the reports, bound from the <c>Usage</c> section beside <see cref="UsageOptions"/>.</summary>
public sealed class UsageReportOptions
{
    /// <summary>
    /// From this many percentage points between what people said in the pulse and what the tool measured,
    /// the report points the gap out (either way: said more, or said less than measured).
    /// </summary>
    [Range(1, 100)]
    public int GapPoints { get; set; } = 15;
}
