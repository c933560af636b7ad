using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Reports;

/// <summary><c>report</c>: the latest figures of each tool, scoped by role (staff see the company level only).</summary>
public sealed class ReportCommand(InitiativeRepository initiatives, PulseRunRepository runs, PulseReports reports)
    : ChatCommand("report", nameof(Strings.Command_Report), nameof(Strings.Command_ReportHelp), Role.Staff, 40, "reports", "kpi")
{
    public const int MaxInitiatives = 5;

    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        var list = await initiatives.ListAsync(request.TenantId, ct);
        if (list.Count == 0)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Report_NoInitiatives)], ct);
            return;
        }
        var tenantRuns = await runs.ListAsync(request.TenantId, ct);
        // Typing a tool's name after the command narrows it to that tool.
        var chosen = arguments.Length == 0 ? list : list.Where(i => i.Name.Contains(arguments, StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var initiative in (chosen.Count == 0 ? list : chosen).Take(MaxInitiatives))
        {
            await request.ReplyAsync(await reports.CardAsync(initiative, request.User, ReportKind.Latest, ct, tenantRuns), ct);
        }
    }
}
