using TeamsDxBot.Reports;

namespace TeamsDxBot.Usage;

/// <summary>
/// The measured usage on every report card, after the pulse figures: for promoters, executives and key
/// users (their departments); nothing for staff, and nothing at all while no usage is imported.
/// </summary>
public sealed class UsageSection(UsageReports reports) : IReportSection
{
    public int Order => 10;

    public async Task<ReportSectionContent> BuildAsync(ReportSectionContext context, CancellationToken ct)
    {
        if (reports.AudienceFor(context.Roles, context.Reader, context.Kind) is not { } audience)
        {
            return ReportSectionContent.None;
        }
        var report = await reports.BuildAsync(context.Initiative, audience, context.T, context.Pulse, ct, context.Departments);
        return report is null || report.Lines.Count == 0
            ? ReportSectionContent.None
            : new ReportSectionContent(UsageReportCards.Section(context.T, report), UsageReportCards.Actions(context.T, report));
    }
}
