using System.ComponentModel.DataAnnotations;

namespace TeamsDxBot.Anonymity;

/// <summary>How small a group may be shown (section "Anonymity"); every output asks <see cref="GroupingPolicy"/> with this threshold.</summary>
public sealed class AnonymityOptions
{
    public const string Section = "Anonymity";

    /// <summary>Where the threshold lived before it had a section of its own; still read so older deployments keep working.</summary>
    public const string FormerKey = "Pulse:AnonymityThreshold";

    /// <summary>No figure or comment is shown for a group with fewer respondents (the minimum allowed is 3).</summary>
    [Range(3, 1000)]
    public int Threshold { get; set; } = 5;
}
