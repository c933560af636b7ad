using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;

namespace TeamsDxBot.Reports;

public sealed record InitiativeReport(
    ReportKind Kind,
    Initiative Initiative,
    PulseRun? Run,
    bool InProgress,
    IReadOnlyList<PulseRun> TrendRuns,
    IReadOnlyList<GroupReport> Groups,
    IReadOnlyList<(string Label, int Count)> TopBlockers,
    IReadOnlyList<(string Question, TallyComment Comment)> Comments,
    IReadOnlyList<GroupReport> AtRisk,
    MeasuredFigures? Measured,
    int AnonymityThreshold)
{
    public Uri? Chart { get; init; }
    public QuestionSection? Questions { get; init; }
    public IReadOnlyList<string> OpenImprovements { get; init; } = [];
    /// <summary>Only for the promoter: a button to download the responses as CSV.</summary>
    public bool CanExport { get; init; }
    /// <summary>Promoters and executives: a button to download this report as an Excel workbook.</summary>
    public bool CanDownloadWorkbook { get; init; }
    /// <summary>The date of a newer closed run not shown because it had fewer than k answers.</summary>
    public DateOnly? PassedOver { get; init; }
    /// <summary>The pulse still collecting answers, newer than <see cref="Run"/>.</summary>
    public RunProgress? Progress { get; init; }
    /// <summary>What other features add to the report (<see cref="IReportSection"/>), in their order.</summary>
    public IReadOnlyList<ReportSectionContent> Sections { get; init; } = [];
}
