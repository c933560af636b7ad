using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

public sealed class PulseOverviews(InitiativeRepository initiatives, PulseScheduler scheduler, PulseRunRepository runs, PersonZones zones, TimeProvider time)
{
    public async Task<JObject> AdminCardAsync(TurnRequest request, CancellationToken ct)
    {
        var zone = zones.Company;
        var now = time.GetUtcNow();
        var all = await runs.ListAsync(request.TenantId, ct);
        var list = new List<PulseCards.PulseOverview>();
        foreach (var initiative in await initiatives.ListAsync(request.TenantId, ct))
        {
            var settings = await scheduler.SettingsAsync(initiative, ct);
            var last = all.Where(r => r.InitiativeId == initiative.Id).MaxBy(r => r.CreatedAt);
            // Who a roster import (or a new department) added since the open run started, so it can reach them too.
            var newcomers = last is not null && last.IsOpen(now) ? (await scheduler.NewcomersAsync(last, initiative, ct)).Count : 0;
            list.Add(new(initiative, settings, settings.Enabled ? scheduler.NextRuns(settings, initiative, zone, 3) : [], last, newcomers));
        }
        return PulseCards.Admin(request.T, list, zone, now);
    }
}
