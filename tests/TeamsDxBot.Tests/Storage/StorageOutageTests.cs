using System.Net;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Delivery;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Broadcasts;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Pulse;

namespace TeamsDxBot.Tests.Storage;

public sealed class StorageOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task During_a_storage_outage_presses_are_asked_to_try_again_readiness_fails_and_every_queued_message_goes_out_once_it_is_back()
    {
        // Azurite keeps running behind a proxy that the test cuts: to the bot, storage is simply gone.
        using var azurite = await LocalAzurite.StartAsync();
        await using var proxy = new OutageProxy(azurite.Port);
        var kit = await PulseTestKit.StartAsync(new Dictionary<string, string> { ["Storage:ConnectionString"] = LocalAzurite.ConnectionStringFor(proxy.Port) });
        await using var host = kit.Host;
        using var http = host.CreateClient();
        await kit.SetUpCompanyAsync([]);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });
        await kit.SetAsync(BotTestHost.EnglishStaff, p => p with { DepartmentId = kit.Sales });

        // A pulse to everyone and a broadcast to 営業部 are queued, and the fan-out has begun.
        await host.Get<PulseScheduler>().RunNowAsync(kit.Tool, default);
        await host.SubmitAsync(BotTestHost.Promoter, BroadcastTestKit.Form(BroadcastCards.SubmitVerb, title: "停電中のお知らせ", departmentIds: kit.Sales));
        host.Connector.Options.Latency = TimeSpan.FromMilliseconds(700);
        var before = host.Connector.TotalRequests;
        var fanOut = host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        while (host.Connector.TotalRequests == before)
        {
            await Task.Delay(10);
        }

        // Storage goes away in the middle of it.
        proxy.Cut();
        await fanOut;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        host.Connector.Options.Latency = TimeSpan.Zero;
        await host.SayAsync(BotTestHost.Staff, "ヘルプ");
        Assert.Equal("ただいまデータの保存先につながりません。少し待ってからもう一度お試しください。", host.SentTo(BotTestHost.Staff).Last().Text);
        await host.SayAsync(BotTestHost.EnglishStaff, "help");
        Assert.Equal("The bot cannot reach its storage right now. Please try again in a moment.", host.SentTo(BotTestHost.EnglishStaff).Last().Text);
        await Task.Delay(Outage);

        // Storage is back.
        proxy.Restore();
        var ready = HttpStatusCode.ServiceUnavailable;
        for (var i = 0; i < 100 && ready != HttpStatusCode.OK; i++)
        {
            await Task.Delay(i == 0 ? 0 : 200);
            ready = (await http.GetAsync("/readyz")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, ready);
        // Sends whose outcome could not be written wait for their lease, then go out or are found done.
        host.Clock.Advance(TimeSpan.FromMinutes(3));
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        var everyone = new[] { BotTestHost.Promoter, BotTestHost.Staff, BotTestHost.EnglishStaff };
        Assert.All(everyone, user => Assert.NotEmpty(kit.Surveys(user)));
        Assert.All(new[] { BotTestHost.Staff, BotTestHost.EnglishStaff }, user =>
            Assert.Contains(host.SentTo(user), c => c.Kind == "send" && c.AllText.Contains("停電中のお知らせ", StringComparison.Ordinal)));
        var run = await kit.OnlyRunAsync();
        var reports = host.Get<DeliveryReports>();
        var pulse = await reports.GetAsync(PulseScheduler.MessageId(run.Id), default);
        Assert.Equal((3, 3, 0), (pulse.Queued, pulse.Sent, pulse.Pending));
        await AssertBroadcastDeliveredAsync(host);

        await host.SayAsync(BotTestHost.Staff, "ヘルプ");
        Assert.DoesNotContain("お試しください", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    /// <summary>The broadcast to 営業部 reached both of its people and nothing of it is left pending.</summary>
    private static async Task AssertBroadcastDeliveredAsync(BotTestHost host)
    {
        var broadcast = Assert.Single(await host.Get<BroadcastRepository>().ListAsync(BotTestHost.TenantId, default));
        var report = await host.Get<DeliveryReports>().GetAsync(BroadcastScheduler.MessageId(BotTestHost.TenantId, broadcast.Id, 1), default);
        Assert.Equal((2, 0), (report.Sent, report.Pending));
    }
}
