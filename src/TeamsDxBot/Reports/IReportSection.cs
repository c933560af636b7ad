using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Reports;

/// <summary>Who a report is being built for, and what they may see, for a section another feature adds.</summary>
/// <param name="Pulse">The pulse figures the reader's report shows (what people said); null when no pulse has figures yet.</param>
public sealed record ReportSectionContext(
    Initiative Initiative,
    Person Reader,
    IReadOnlySet<Role> Roles,
    Texts T,
    ReportKind Kind,
    ReportScope Scope,
    IReadOnlyList<Department> Departments,
    InitiativeReport? Pulse);

/// <summary>
/// A part of the report card that a feature above the reports adds (measured usage, the programme
/// diagnosis): card elements placed after the pulse figures, and buttons placed with the report's own.
/// Sections are asked in <see cref="Order"/>; each decides from the context whether it shows anything.
/// </summary>
public interface IReportSection
{
    int Order { get; }

    Task<ReportSectionContent> BuildAsync(ReportSectionContext context, CancellationToken ct);
}

/// <summary>What a section adds: card elements and actions; both empty when it has nothing for this reader.</summary>
public sealed record ReportSectionContent(IReadOnlyList<JObject> Elements, IReadOnlyList<JObject> Actions)
{
    public static ReportSectionContent None { get; } = new([], []);
}
