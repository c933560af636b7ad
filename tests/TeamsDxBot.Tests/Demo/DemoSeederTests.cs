using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Demo;

public sealed class DemoSeederTests
{
    private const string DemoTenant = "00000000-0000-4000-8000-000000000001";
    private static readonly Dictionary<string, string> Seed = new() { ["Demo:Seed"] = "true" };

    [Fact]
    public async Task First_start_seeds_a_working_programme_and_later_starts_leave_it_alone()
    {
        await using var first = await BotTestHost.StartAsync(settings: Seed);
        var departments = await first.Get<DepartmentRepository>().ListAsync(DemoTenant, default);
        Assert.Equal(["営業部", "製造部"], departments.Select(d => d.Name).Order());
        var people = await first.Get<PersonRepository>().ListAsync(DemoTenant, default);
        var sales = departments.Single(d => d.Name == "営業部");
        Assert.True(people.Single(p => p.Email == "sato@contoso.example").IsPromoter);
        Assert.Contains(sales.Id, people.Single(p => p.Email == "suzuki@contoso.example").KeyUserOf);
        Assert.True(people.Single(p => p.Email == "ito@contoso.example").IsExecutive);
        // Enough staff for measured figures to mean something; they have no chat, so the bot reaches none of them.
        Assert.Equal(15, people.Count(p => p.DepartmentId == sales.Id));
        Assert.Equal(14, people.Count(p => p.DepartmentId == departments.Single(d => d.Name == "製造部").Id));
        Assert.Equal(26, people.Count(p => !p.CanBeMessaged && !p.IsPromoter && !p.IsExecutive && p.KeyUserOf.Count == 0));
        var initiative = Assert.Single(await first.Get<InitiativeRepository>().ListAsync(DemoTenant, default));
        Assert.Equal("経費精算システム", initiative.Name);
        Assert.Equal(70, initiative.TargetPercent);

        await using var second = await BotTestHost.StartAsync(settings: Seed, tablePrefix: first.TablePrefix, connector: first.Connector);
        Assert.Equal(2, (await second.Get<DepartmentRepository>().ListAsync(DemoTenant, default)).Count);
        Assert.Single(await second.Get<InitiativeRepository>().ListAsync(DemoTenant, default));
    }

    [Fact]
    public async Task The_setting_turns_seeding_off()
    {
        await using var host = await BotTestHost.StartAsync();
        Assert.Empty(await host.Get<DepartmentRepository>().ListAsync(DemoTenant, default));
    }
}
