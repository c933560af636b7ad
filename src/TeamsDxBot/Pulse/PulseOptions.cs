using System.ComponentModel.DataAnnotations;

namespace TeamsDxBot.Pulse;

public sealed class PulseOptions
{
    public const string Section = "Pulse";
    /// <summary>
    /// Partitions a run's answers are spread over. One Azure Table partition takes about 2,000 entity
    /// writes a second and an answer costs two (its row and its share of a rollup), so four carry ~4,000
    /// answers a second; more shards only make each group-commit transaction smaller (and reports read
    /// shards × departments rollup rows).
    /// </summary>
    [Range(1, 64)]
    public int Shards { get; set; } = 4;

    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>False only where something else drives the schedule (the tests call <c>PulseScheduler.TickAsync</c>).</summary>
    public bool RunWorker { get; set; } = true;

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
}
