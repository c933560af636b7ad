using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Onboarding;

/// <summary>Reads the programme's setup from each feature's own store and sends the promoter's checklist.</summary>
public sealed class StartChecklist(PersonRepository people, DepartmentRepository departments, TeamRepository teams,
    InitiativeRepository initiatives, PulseScheduler pulses, PersonZones zones, ILogger<StartChecklist> logger) : IStartChecklist
{
    // The first message of a promoter can be "help": the welcome and the help would each send it.
    private const string SentThisTurn = "onboarding.checklistSent";

    public async Task<bool> SendIfPromoterAsync(TurnRequest request, CancellationToken ct)
    {
        if (!request.User.IsPromoter || string.IsNullOrEmpty(request.TenantId) || request.Turn.TurnState.ContainsKey(SentThisTurn))
        {
            return false;
        }
        request.Turn.TurnState[SentThisTurn] = true;
        var status = await ReadAsync(request.TenantId, ct);
        var zone = await zones.OfAsync(request.Person, ct);
        await request.ReplyAsync(StartCards.Checklist(request.T, status, zone), ct);
        logger.LogInformation("Start checklist for {Person}: {Departments} departments, {WithKeyUsers} with key users, {WithoutDepartment} without department, all done {AllDone}",
            request.Person.AadObjectId, status.Departments.Count, status.DepartmentsWithKeyUsers, status.WithoutDepartment, status.AllDone);
        return true;
    }

    public async Task<StartStatus> ReadAsync(string tenantId, CancellationToken ct)
    {
        var open = (await departments.ListAsync(tenantId, ct)).Where(d => !d.Archived).ToList();
        var everyone = await people.ListAsync(tenantId, ct);
        var keyUsers = open.Select(d => (d, everyone.Count(p => p.KeyUserOf.Contains(d.Id)))).ToList();
        var openIds = open.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        // People who left (uninstalled, blocked) are not the promoter's to place.
        var withoutDepartment = everyone.Count(p => p.Reachability != Reachability.Unreachable && (p.DepartmentId is not { } d || !openIds.Contains(d)));
        var tools = await initiatives.ListAsync(tenantId, ct);
        DateTimeOffset? next = null;
        foreach (var tool in tools)
        {
            var settings = await pulses.SettingsAsync(tool, ct);
            if (settings.Enabled && pulses.NextRuns(settings, tool, zones.Company, 1) is [var first] && (next is null || first < next))
            {
                next = first;
            }
        }
        var installed = (await teams.ListAsync(tenantId, ct)).Where(t => t.Installed).ToList();
        return new StartStatus(open, keyUsers, withoutDepartment, tools, next, installed);
    }
}
