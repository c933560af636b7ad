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

/// <summary>How questions were handled, per department and per key user (named: recognition keeps key users going).</summary>
public sealed record QuestionSection(IReadOnlyList<QuestionMeasure> Departments, IReadOnlyList<QuestionMeasure> KeyUsers, int LongOverdue, int LongOverdueDays,
    IReadOnlyDictionary<string, string> DepartmentNames, IReadOnlyDictionary<string, string> PersonNames);
