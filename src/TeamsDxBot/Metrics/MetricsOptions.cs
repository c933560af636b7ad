using System.ComponentModel.DataAnnotations;

namespace TeamsDxBot.Metrics;

public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// Posts to <c>/api/metrics</c> one caller (remote address) may make per minute on one instance. A weekly
    /// upload needs a handful; the limit stops a runaway script or a key-guessing loop from keeping storage busy.
    /// </summary>
    [Range(1, 100_000)]
    public int PostsPerMinute { get; set; } = 30;
}
