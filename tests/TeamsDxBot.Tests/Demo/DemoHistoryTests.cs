using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TeamsDxBot.Demo;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Demo;

/// <summary>The demo programme's eight weeks of pulse history: what the promoter's report makes of it, and that seeding is idempotent.</summary>
public sealed class DemoHistoryTests
{
    private const string DemoTenant = "00000000-0000-4000-8000-000000000001";
    private static readonly Dictionary<string, string> Seed = new() { ["Demo:Seed"] = "true", ["Bot:AllowedTenants:0"] = DemoTenant };
    private static readonly TestUser Sato = new("00000000-0000-4000-8000-000000000101", "佐藤 花子", "sato@contoso.example");

    private static async Task<IReadOnlyList<PulseRun>> RunsAsync(BotTestHost host) => await host.Get<PulseRunRepository>().ListAsync(DemoTenant, default);

    private static string Snapshot(IEnumerable<PulseRun> runs) =>
        string.Join("\n", runs.OrderBy(r => r.Id, StringComparer.Ordinal).Select(r => $"{r.Id} {r.ETag} {r.Summary?.ToJson()}"));

    [Fact]
    public async Task Eight_closed_weeks_ending_last_week_give_the_promoter_figures_for_both_departments()
    {
        // The host's clock: Tuesday 2026-11-24 10:00 JST, so last week's pulse went out on Monday 11/16.
        await using var host = await BotTestHost.StartAsync(settings: Seed);

        var initiative = Assert.Single(await host.Get<InitiativeRepository>().ListAsync(DemoTenant, default));
        Assert.Equal(new DateOnly(2026, 9, 28), initiative.GoLive);
        var runs = await RunsAsync(host);
        Assert.Equal(Enumerable.Range(0, 8).Select(w => $"demo_hist{new DateOnly(2026, 9, 28).AddDays(7 * w):yyyyMMdd}"), runs.Select(r => r.Id));
        Assert.All(runs, r =>
        {
            Assert.Equal(DemoSeeder.InitiativeId, r.InitiativeId);
            Assert.True(r.ClosesAt < host.Clock.GetUtcNow());
            Assert.NotNull(r.Summary);
            Assert.NotNull(r.ReportedAt);
            Assert.Equal([14, 15], r.Invited.Values.Order());
        });
        // No weekly report for the past: the history is not active work for the scheduler.
        Assert.DoesNotContain(await host.Get<PulseRunRepository>().ListActiveAsync(default), r => r.TenantId == DemoTenant);

        await host.PostAsync(Activities.Message(Sato, "レポート", host.Connector.ServiceUrl, DemoTenant));
        var report = Assert.Single(host.SentTo(Sato), c => c.AllText.Contains("最新レポート", StringComparison.Ordinal));
        var text = report.AllText;
        Assert.Contains("経費精算システム 最新レポート", text);
        Assert.Contains("11/16（月）の回 · 回答 18/29人", text);
        // 営業部: 10 of 12 used it, on track; 製造部: 2 of 6, at risk, with fewer answering every week.
        Assert.Contains("営業部\n順調\n80%\n12/15\n83%", text);
        Assert.Contains("製造部\n要注意\n43%\n6/14\n33%", text);
        Assert.DoesNotContain("回答者が5人未満", text);
        Assert.Contains("承認が早くなって", text);
        Assert.Contains("使い方の説明会をもう一度", text);

        var chart = Regex.Unescape(Regex.Match(report.Card!.ToJsonString(), "\"url\":\"(http[^\"]+)\"", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups[1].Value);
        using var client = host.CreateClient();
        var png = await client.GetByteArrayAsync(new Uri(chart).PathAndQuery);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [Fact]
    public async Task Seeding_again_or_from_a_second_instance_changes_nothing()
    {
        await using var first = await BotTestHost.StartAsync(settings: Seed);
        var before = Snapshot(await RunsAsync(first));
        Assert.Equal(8, (await RunsAsync(first)).Count);

        // A second instance on the same storage, and the first seeding again a week later.
        await using var second = await BotTestHost.StartAsync(settings: Seed, tablePrefix: first.TablePrefix, connector: first.Connector);
        first.Clock.Advance(TimeSpan.FromDays(7));
        await first.Services.GetServices<IHostedService>().OfType<DemoSeeder>().Single().StartAsync(default);

        Assert.Equal(before, Snapshot(await RunsAsync(first)));
    }
}
