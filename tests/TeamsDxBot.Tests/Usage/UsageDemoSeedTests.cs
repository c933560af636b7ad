using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using TeamsDxBot.Delivery;
using TeamsDxBot.Demo;
using TeamsDxBot.Diagnosis;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Reports;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Tests.Usage;

/// <summary>The demo programme's measured usage: seeded once through the import, left alone after that, and telling the one-off enthusiasm story.</summary>
public sealed class UsageDemoSeedTests
{
    private const string DemoTenant = "00000000-0000-4000-8000-000000000001";
    private static readonly Dictionary<string, string> Seed = new() { ["Demo:Seed"] = "true", ["Bot:AllowedTenants:0"] = DemoTenant };
    private static readonly TestUser Sato = new("00000000-0000-4000-8000-000000000101", "佐藤 花子", "sato@contoso.example");
    private static readonly TestUser Suzuki = new("00000000-0000-4000-8000-000000000102", "鈴木 一郎", "suzuki@contoso.example");
    private static readonly TestUser Ito = new("00000000-0000-4000-8000-000000000105", "伊藤 誠", "ito@contoso.example");

    private static async Task<Initiative> InitiativeAsync(BotTestHost host) =>
        (await host.Get<InitiativeRepository>().GetAsync(DemoTenant, DemoSeeder.InitiativeId, default))!;

    private static async Task<IReadOnlyList<UsageWeek>> StoredAsync(BotTestHost host) =>
        await host.Get<UsageWeekRepository>().ListFromAsync(DemoTenant, DemoSeeder.InitiativeId, DateOnly.MinValue, default);

    private static string Snapshot(IEnumerable<UsageWeek> weeks) => string.Join("\n", weeks
        .OrderBy(w => w.PersonId, StringComparer.Ordinal).ThenBy(w => w.WeekStart)
        .Select(w => $"{w.PersonId} {w.WeekStart:yyyy-MM-dd} {w.ActiveDays} {w.Uses} {w.Source} {w.ReceivedAt:O}"));

    private static async Task<string> DepartmentIdAsync(BotTestHost host, string name) =>
        (await host.Get<DepartmentRepository>().ListAsync(DemoTenant, default)).Single(d => d.Name == name).Id;

    [Fact]
    public async Task A_demo_start_seeds_eight_weeks_of_usage_where_sales_climbs_and_the_plant_fades()
    {
        // The host's clock: Tuesday 2026-11-24, so the demo went live on Monday 9/28 and its weeks end with 11/16.
        await using var host = await BotTestHost.StartAsync(settings: Seed);
        var initiative = await InitiativeAsync(host);

        var overview = await host.Get<IUsageFigures>().OverviewAsync(initiative, default);
        Assert.NotNull(overview);
        Assert.Equal(new DateOnly(2026, 11, 16), overview.AsOf);
        Assert.All(await StoredAsync(host), w => Assert.Equal(UsageDemoSeed.Source, w.Source));
        var (salesId, plantId) = (await DepartmentIdAsync(host, "営業部"), await DepartmentIdAsync(host, "製造部"));
        var sales = overview.Groups.Single(g => g.DepartmentId == salesId);
        var plant = overview.Groups.Single(g => g.DepartmentId == plantId);
        Assert.Equal([5, 7, 8, 9, 10, 10, 11, 11], sales.Weeks.Select(w => w.Active));
        Assert.Equal([8, 11, 10, 8, 6, 4, 3, 2], plant.Weeks.Select(w => w.Active));
        Assert.Equal(15, sales.Weeks[^1].Headcount);
        Assert.Equal(14, plant.Weeks[^1].Headcount);
        // The company peaked in the second week and has fallen since.
        Assert.Equal([13, 18, 18, 17, 16, 14, 14, 13], overview.Company.Weeks.Select(w => w.Active));

        // In the last week 営業部's regulars are habitual; in 製造部 most have lapsed and some never started.
        var people = await host.Get<IUsageFigures>().PeopleAsync(initiative, plant.DepartmentId, overview.AsOf, default);
        Assert.Equal(3, people.Count(p => p.Standing == UsageStanding.NeverStarted));
        Assert.Equal(8, people.Count(p => p.Standing == UsageStanding.Lapsed));
        Assert.Equal(3, people.Count(p => p.Standing == UsageStanding.Habitual));
        var salesPeople = await host.Get<IUsageFigures>().PeopleAsync(initiative, sales.DepartmentId, overview.AsOf, default);
        Assert.Equal(10, salesPeople.Count(p => p.Standing == UsageStanding.Habitual));
        Assert.Equal(UsageStanding.Habitual, salesPeople.Single(p => p.PersonId == Suzuki.AadObjectId).Standing);
    }

    [Fact]
    public async Task Starting_again_or_a_second_instance_changes_no_stored_week()
    {
        await using var first = await BotTestHost.StartAsync(settings: Seed);
        var before = Snapshot(await StoredAsync(first));
        Assert.NotEmpty(before);

        await using var second = await BotTestHost.StartAsync(settings: Seed, tablePrefix: first.TablePrefix, connector: first.Connector);
        first.Clock.Advance(TimeSpan.FromDays(7));
        await first.Services.GetServices<IHostedService>().OfType<DemoSeeder>().Single().StartAsync(default);

        Assert.Equal(before, Snapshot(await StoredAsync(first)));
    }

    [Fact]
    public async Task Usage_imported_for_real_is_never_joined_or_overwritten_by_the_demo()
    {
        // The programme and its pulses are there, but no demo usage: the promoter imports one real week first.
        await using var first = await BotTestHost.StartAsync(settings: Seed,
            configure: services => services.RemoveAll<IDemoData>());
        Assert.Null(await first.Get<IUsageFigures>().OverviewAsync(await InitiativeAsync(first), default));
        var imported = await first.Get<UsageImportService>().ImportCsvAsync(DemoTenant, DemoSeeder.InitiativeId, UsageSource.Chat(Sato.AadObjectId),
            "email,date\nsuzuki@contoso.example,2026-11-17\nsato@contoso.example,2026-11-18\n", default);
        Assert.True(imported.Stored);
        var real = Snapshot(await StoredAsync(first));

        await using var second = await BotTestHost.StartAsync(settings: Seed, tablePrefix: first.TablePrefix, connector: first.Connector);

        Assert.Equal(real, Snapshot(await StoredAsync(second)));
        Assert.Equal(2, (await StoredAsync(second)).Count);
    }

    [Fact]
    public async Task The_executives_monthly_report_on_the_demo_names_one_off_enthusiasm_and_proposes_thanking_the_key_user()
    {
        await using var host = await BotTestHost.StartAsync(settings: Seed);
        // Both open their chat once, so the bot can reach them.
        await host.PostAsync(Activities.Message(Ito, "ヘルプ", host.Connector.ServiceUrl, DemoTenant));
        await host.PostAsync(Activities.Message(Suzuki, "ヘルプ", host.Connector.ServiceUrl, DemoTenant));

        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 5, 0, TimeSpan.Zero)); // 12/1 09:05 JST
        await host.Get<PulseReports>().SendMonthlyIfDueAsync(DemoTenant, default);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        var monthly = Assert.Single(host.SentTo(Ito), c => c.AllText.Contains("月次レポート", StringComparison.Ordinal)).AllText;
        Assert.Contains("一過性型（兆候 3/3）", monthly);
        Assert.Contains("送るだけのメッセージ案を用意しました", monthly);
        Assert.Contains("鈴木 一郎", monthly);
        Assert.DoesNotContain(host.SentTo(Ito), c => c.AllText.Contains("一過性型", StringComparison.Ordinal) && !c.AllText.Contains("月次レポート", StringComparison.Ordinal));

        // One press sends the thank-you to 鈴木 一郎; a second press sends nothing more.
        var press = new { verb = DiagnosisCards.ThanksVerb, initiativeId = DemoSeeder.InitiativeId, keyUserId = Suzuki.AadObjectId, period = "2026-12", departmentInput = "thanksDepartment0" };
        var thanksBefore = host.SentTo(Suzuki).Count;
        (await host.PostAsync(Activities.Execute(Ito, press, host.Connector.ServiceUrl, DemoTenant))).Dispose();
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Equal(thanksBefore + 1, host.SentTo(Suzuki).Count);
        Assert.Contains("鈴木 一郎", host.SentTo(Suzuki)[^1].AllText);

        (await host.PostAsync(Activities.Execute(Ito, press, host.Connector.ServiceUrl, DemoTenant))).Dispose();
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Equal(thanksBefore + 1, host.SentTo(Suzuki).Count);
    }
}
