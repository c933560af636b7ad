using TeamsDxBot.Pulse;

namespace TeamsDxBot.Reports;

/// <summary>
/// The run a report shows set in its history: <paramref name="Current"/> is the shown run's own figures,
/// <paramref name="Figures"/> what the report's groups show (for a review: the latest pulse).
/// </summary>
internal sealed record ReportTrend(RunFigures Current, RunFigures Figures, IReadOnlyList<RunFigures> Chronology, RunFigures? Previous);
