using Microsoft.Extensions.Options;
using TeamsDxBot.Calendar;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Demo;

/// <summary>
/// First start only: if the demo tenant has no departments yet, creates them, the demo people with
/// their roles, and one initiative. Then, on every start, makes sure the initiative has its weekly
/// history (<see cref="DemoHistory"/>): insert-if-absent with fixed run ids, so a second start or a
/// second instance changes nothing, and never once the initiative has had a real pulse. Last, the other
/// features' demo data (<see cref="IDemoData"/>, e.g. measured usage), each with its own insert-if-absent rule.
/// </summary>
public sealed class DemoSeeder(IOptions<DemoOptions> options, IOptions<PulseOptions> pulseOptions, DepartmentRepository departments, PersonRepository people,
    InitiativeRepository initiatives, PulseRunRepository runs, PersonZones zones, IEnumerable<IDemoData> more, TimeProvider time, ILogger<DemoSeeder> logger) : IHostedService
{
    public const string InitiativeId = "demo";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        if (!demo.Seed || string.IsNullOrEmpty(demo.TenantId))
        {
            return;
        }
        if ((await departments.ListAsync(demo.TenantId, cancellationToken)).Count == 0)
        {
            await SeedProgrammeAsync(demo, cancellationToken);
        }
        await SeedHistoryAsync(demo, cancellationToken);
        if (await initiatives.GetAsync(demo.TenantId, InitiativeId, cancellationToken) is { } initiative)
        {
            foreach (var data in more)
            {
                await data.SeedAsync(demo, initiative, cancellationToken);
            }
        }
    }

    private async Task SeedProgrammeAsync(DemoOptions demo, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var created = new List<Department>();
        foreach (var name in demo.Departments)
        {
            var (_, department) = await departments.CreateAsync(demo.TenantId, name, now, cancellationToken);
            if (department is not null)
            {
                created.Add(department);
            }
        }
        foreach (var p in demo.People)
        {
            var department = created.ElementAtOrDefault(p.Department);
            var role = RosterImport.ParseRole(p.Role) ?? Role.Staff;
            var person = DirectoryService.WithRole(new Person
            {
                TenantId = demo.TenantId,
                AadObjectId = p.AadObjectId,
                TeamsUserId = string.IsNullOrEmpty(p.TeamsUserId) ? null : p.TeamsUserId,
                Name = p.Name,
                Email = p.Email.ToLowerInvariant(),
                DepartmentId = department?.Id,
                FirstSeen = now,
                LastSeen = now,
            }, role, department?.Id, grant: true);
            await people.TryAddAsync(person, cancellationToken);
        }
        if (!string.IsNullOrEmpty(demo.InitiativeName))
        {
            // Far enough back for the weekly history to end last week.
            var today = DateOnly.FromDateTime(WallClock.ToLocal(now, zones.Company));
            var goLive = today.AddDays(-(((int)today.DayOfWeek + 6) % 7) - (7 * DemoHistory.Weeks));
            await initiatives.AddAsync(new Initiative
            {
                TenantId = demo.TenantId,
                Id = InitiativeId,
                Name = demo.InitiativeName,
                GoLive = goLive,
                TargetDate = goLive.AddMonths(Initiative.DefaultTargetMonths),
                DepartmentIds = created.Select(d => d.Id).ToList(),
                CreatedAt = now,
            }, cancellationToken);
        }
        logger.LogInformation("Seeded demo data: {Departments} departments, {People} people", created.Count, demo.People.Count);
    }

    private async Task SeedHistoryAsync(DemoOptions demo, CancellationToken cancellationToken)
    {
        var initiative = await initiatives.GetAsync(demo.TenantId, InitiativeId, cancellationToken);
        if (initiative is null)
        {
            return;
        }
        var existing = (await runs.ListAsync(demo.TenantId, cancellationToken)).Where(r => r.InitiativeId == initiative.Id).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        if (existing.Any(id => !id.StartsWith(DemoHistory.RunPrefix, StringComparison.Ordinal)))
        {
            // Real pulses have started: invented figures must never mix with people's answers.
            return;
        }
        var byName = (await departments.ListAsync(demo.TenantId, cancellationToken)).Where(d => !d.Archived).ToDictionary(d => d.Name, d => d.Id);
        var trends = demo.Departments.Zip(DemoHistory.Trends)
            .Where(x => byName.ContainsKey(x.First))
            .Select(x => (byName[x.First], x.Second))
            .ToList();
        if (trends.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var run in DemoHistory.Runs(initiative, trends, zones.Company, pulseOptions.Value.Shards).Where(r => r.ClosesAt <= now && !existing.Contains(r.Id)))
        {
            if (await runs.TryAddAsync(run, cancellationToken))
            {
                added++;
            }
        }
        if (added > 0)
        {
            logger.LogInformation("Seeded {Runs} weeks of demo pulse history for {Initiative}", added, initiative.Id);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
