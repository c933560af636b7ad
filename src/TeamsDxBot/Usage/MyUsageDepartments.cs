using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Reports;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>
/// After a person's own usage in chat: the department figures they may see (promoters and executives
/// every department, key users their own), one card per initiative with imported usage, with what the
/// latest pulse said beside it. Staff get none.
/// </summary>
public sealed class MyUsageDepartments(InitiativeService initiatives, UsageReports reports, ReportBuilder pulse, PulseRunRepository runs)
{
    /// <summary>As many as the report command shows at once.</summary>
    public const int MaxInitiatives = ReportCommand.MaxInitiatives;

    public async Task<IReadOnlyList<JObject>> CardsAsync(UserContext user, CancellationToken ct)
    {
        if (reports.AudienceFor(user.Roles, user.Person) is not { } audience)
        {
            return [];
        }
        var cards = new List<JObject>();
        IReadOnlyList<PulseRun>? tenantRuns = null;
        foreach (var initiative in await initiatives.ListAsync(user.Person.TenantId, ct))
        {
            if (cards.Count == MaxInitiatives || await reports.OverviewAsync(initiative, ct) is null)
            {
                continue;
            }
            tenantRuns ??= await runs.ListAsync(user.Person.TenantId, ct);
            var said = await pulse.BuildAsync(initiative, PulseReports.ScopeFor(user.Roles, user.Person, ReportKind.Latest), ReportKind.Latest, user.T, ct, tenantRuns);
            var report = await reports.BuildAsync(initiative, audience, user.T, said is not null && ReportBuilder.HasFigures(said) ? said : null, ct);
            if (report is { Lines.Count: > 0 })
            {
                cards.Add(UsageReportCards.Departments(user.T, report));
            }
        }
        return cards;
    }
}
