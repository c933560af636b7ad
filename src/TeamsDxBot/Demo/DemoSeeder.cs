using Microsoft.Extensions.Options;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;

namespace TeamsDxBot.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seeds a small working programme on first start (local runs with the Agents Playground).</summary>
    public bool Seed { get; set; }

    public string TenantId { get; set; } = "";

    public List<string> Departments { get; set; } = [];

    public List<DemoPerson> People { get; set; } = [];

    public string InitiativeName { get; set; } = "";
}

public sealed class DemoPerson
{
    public string AadObjectId { get; set; } = "";
    public string TeamsUserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    /// <summary>Index into <see cref="DemoOptions.Departments"/>.</summary>
    public int Department { get; set; }
    public string Role { get; set; } = "Staff";
}

/// <summary>
/// First start only: if the demo tenant has no departments yet, creates them, the demo people with
/// their roles, and one initiative. Never touches a tenant that already has data.
/// </summary>
public sealed class DemoSeeder(IOptions<DemoOptions> options, DepartmentRepository departments, PersonRepository people,
    InitiativeRepository initiatives, TimeProvider time, ILogger<DemoSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = options.Value;
        if (!demo.Seed || string.IsNullOrEmpty(demo.TenantId) || (await departments.ListAsync(demo.TenantId, cancellationToken)).Count > 0)
        {
            return;
        }
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
            var goLive = DateOnly.FromDateTime(now.UtcDateTime).AddMonths(-1);
            await initiatives.AddAsync(new Initiative
            {
                TenantId = demo.TenantId,
                Id = "demo",
                Name = demo.InitiativeName,
                GoLive = goLive,
                TargetDate = goLive.AddMonths(Initiative.DefaultTargetMonths),
                DepartmentIds = created.Select(d => d.Id).ToList(),
                CreatedAt = now,
            }, cancellationToken);
        }
        logger.LogInformation("Seeded demo data: {Departments} departments, {People} people", created.Count, demo.People.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class DemoExtensions
{
    public static IHostApplicationBuilder AddDemoData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section));
        builder.Services.AddHostedService<DemoSeeder>();
        return builder;
    }
}
