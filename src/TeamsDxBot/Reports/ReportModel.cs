using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;

namespace TeamsDxBot.Reports;

public enum ReportKind
{
    /// <summary>On demand (<c>report</c>).</summary>
    Latest,
    Weekly,
    Monthly,
    Review,
}

/// <summary>Which groups a reader may see: the company always, and all or some departments.</summary>
public sealed record ReportScope(bool AllDepartments, IReadOnlySet<string> Departments, bool Comments)
{
    public static ReportScope CompanyOnly { get; } = new(false, new HashSet<string>(), false);
    public static ReportScope Everything { get; } = new(true, new HashSet<string>(), true);

    public bool Includes(string departmentKey) => AllDepartments || Departments.Contains(departmentKey);
}

/// <summary>One group's line in a report: its latest figures, the change since the previous run, status and trend.</summary>
public sealed record GroupReport(string Key, string Name, GroupFigures Latest, double? Change, KpiStatus Status, IReadOnlyList<double?> Trend);

/// <summary>The tool's own weekly numbers (from its admin screen or its API), beside what people said.</summary>
public sealed record MeasuredFigures(DateOnly Week, int? ActiveUsers, double? InputCompletionRate, int? ErrorCount, int? Headcount);

/// <summary>How questions were handled, per department and per key user (named: recognition keeps key users going).</summary>
public sealed record QuestionSection(IReadOnlyList<QuestionMeasure> Departments, IReadOnlyList<QuestionMeasure> KeyUsers, int LongOverdue, int LongOverdueDays,
    IReadOnlyDictionary<string, string> DepartmentNames, IReadOnlyDictionary<string, string> PersonNames);

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
}

/// <summary>Where the tool's measured figures come from (the metrics feature registers one).</summary>
public interface IMeasuredFigures
{
    Task<MeasuredFigures?> GetAsync(Initiative initiative, DateOnly week, string? departmentId, CancellationToken ct);
}
