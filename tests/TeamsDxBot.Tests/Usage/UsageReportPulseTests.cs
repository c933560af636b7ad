using Microsoft.Extensions.DependencyInjection;
using TeamsDxBot.Delivery;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Pulse;
using TeamsDxBot.Usage;
using static TeamsDxBot.Tests.Usage.UsageReportTestKit;

namespace TeamsDxBot.Tests.Usage;

/// <summary>
/// Measured beside said: a pulse answered and closed, and the tool's records for the same week. Sales
/// said 3 of 4 and measured 3 of 4; plant said 1 of 3 and measured 3 of 3; the company said 4 of 7 and
/// measured 6 of 9 (the promoter and the executive are not asked, but they are counted).
/// </summary>
public sealed class UsageReportPulseTests : IAsyncLifetime
{
    private static readonly TestUser S4 = new("aad-s4", "営業 四郎", "s4@contoso.example");

    /// <summary>Counts the overview reads behind the reports.</summary>
    private sealed class CountingFigures(UsageFigures inner) : IUsageFigures
    {
        private int overviews;

        public int Overviews => Volatile.Read(ref overviews);

        public Task<UsageOverview?> OverviewAsync(Initiative initiative, CancellationToken ct)
        {
            Interlocked.Increment(ref overviews);
            return inner.OverviewAsync(initiative, ct);
        }

        public Task<IReadOnlyList<PersonUsage>> PeopleAsync(Initiative initiative, string? departmentId, DateOnly week, CancellationToken ct) =>
            inner.PeopleAsync(initiative, departmentId, week, ct);
    }

    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;
    private CountingFigures Counting => (CountingFigures)Host.Get<IUsageFigures>();

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync(new Dictionary<string, string> { ["Anonymity:Threshold"] = "3" },
            configure: services => services.AddSingleton<IUsageFigures>(sp => new CountingFigures(sp.GetRequiredService<UsageFigures>())));
        await kit.SetUpCompanyAsync([S3, S4, P1, P2, P3, Executive]);
        foreach (var user in new[] { BotTestHost.Staff, S3, S4 })
        {
            await kit.SetAsync(user, p => p with { DepartmentId = kit.Sales });
        }
        await kit.SetAsync(BotTestHost.EnglishStaff, p => p with { DepartmentId = kit.Sales, KeyUserOf = new HashSet<string> { kit.Sales } });
        foreach (var user in new[] { P1, P2, P3 })
        {
            await kit.SetAsync(user, p => p with { DepartmentId = kit.Plant });
        }
        await kit.SetAsync(Executive, p => p with { IsExecutive = true, PulsePausedUntil = new DateOnly(2027, 1, 1) });

        await Host.Get<PulseScheduler>().RunNowAsync(kit.Tool, default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        foreach (var (user, usage) in new[] { (BotTestHost.Staff, "daily"), (BotTestHost.EnglishStaff, "several"), (S3, "once"), (S4, "none"), (P1, "none"), (P2, "none"), (P3, "once") })
        {
            await kit.SubmitAsync(user, kit.LastSurveyData(user), PulseTestKit.Answers(usage, "3", blocker: usage == "none" ? "howto" : null));
        }
        await UsageTestKit.ImportAsync(Host, BotTestHost.Promoter, """
            email,date
            staff@contoso.example,2026-11-23
            alex@contoso.example,2026-11-23
            s3@contoso.example,2026-11-24
            p1@contoso.example,2026-11-23
            p2@contoso.example,2026-11-24
            p3@contoso.example,2026-11-24
            """, kit.Tool.Id);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private async Task CloseAsync()
    {
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 1, 5, 0, TimeSpan.Zero));
        await kit.TickAsync();
    }

    [Fact]
    public async Task The_weekly_report_shows_measured_beside_said_and_points_out_only_the_large_gap()
    {
        var reads = Counting.Overviews;

        await CloseAsync();

        var promoter = Host.SentTo(BotTestHost.Promoter).Last(c => c.AllText.Contains("週次レポート", StringComparison.Ordinal));
        Assert.Equal(["製造部", "順調", "100% 3/3", "33%", "—"], Row(promoter, "実測", "製造部"));
        Assert.Equal(["営業部", "順調", "75% 3/4", "75%", "—"], Row(promoter, "実測", "営業部"));
        Assert.Equal(["全社", "要注意", "67% 6/9", "57%", "—"], Row(promoter, "実測", "全社"));
        Assert.Contains("製造部：申告 33% に対して実測 100%（差 67ポイント）", promoter.AllText);
        Assert.Contains("差が15ポイント以上", promoter.AllText);
        // Sales agrees; the company is 10 points apart, under the threshold.
        Assert.DoesNotContain("営業部：申告", promoter.AllText);
        Assert.DoesNotContain("全社：申告", promoter.AllText);

        var keyUser = Host.SentTo(BotTestHost.EnglishStaff).Last(c => c.AllText.Contains("weekly report", StringComparison.Ordinal));
        Assert.Equal(["営業部", "On track", "75% 3/4", "75%", "—"], Row(keyUser, "Measured", "営業部"));
        Assert.DoesNotContain("points apart", keyUser.AllText);
        Assert.DoesNotContain("製造部", keyUser.AllText);

        // One read of the figures for the whole send, however many readers.
        Assert.Equal(reads + 1, Counting.Overviews);
        // A report asked for later reads them again (a newer import shows).
        Host.Clock.Advance(UsageReports.CacheFor + TimeSpan.FromSeconds(1));
        await Host.SayAsync(BotTestHost.Promoter, "report");
        Assert.Equal(reads + 2, Counting.Overviews);
        Assert.Contains("製造部：申告 33% に対して実測 100%（差 67ポイント）", Host.SentTo(BotTestHost.Promoter).Last().AllText);
    }
}
