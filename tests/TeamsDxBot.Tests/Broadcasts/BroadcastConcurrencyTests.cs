using TeamsDxBot.Broadcasts;
using TeamsDxBot.Delivery;
using TeamsDxBot.Tests.Delivery;
using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Broadcasts.BroadcastTestKit;

namespace TeamsDxBot.Tests.Broadcasts;

/// <summary>Two bot instances on one storage account tick the same schedule at the same moment.</summary>
public sealed class BroadcastConcurrencyTests : IAsyncLifetime
{
    private BroadcastTestKit kit = null!;
    private BotTestHost second = null!;

    public async Task InitializeAsync()
    {
        kit = await StartAsync();
        await kit.SetUpCompanyAsync();
        second = await BotTestHost.StartAsync(settings: new Dictionary<string, string>(DeliveryTestKit.FastRetries), tablePrefix: kit.Host.TablePrefix, connector: kit.Host.Connector);
    }

    public async Task DisposeAsync()
    {
        await second.DisposeAsync();
        await kit.Host.DisposeAsync();
    }

    [Fact]
    public async Task Both_instances_tick_at_once_and_each_occurrence_goes_out_once()
    {
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "同時の朝", audience: nameof(BroadcastAudience.Everyone), timing: BroadcastTiming.Dates,
            dates: "2026-11-25\n2026-11-26", time: "09:00"));
        var broadcast = await kit.OnlyAsync();
        foreach (var at in broadcast.Occurrences.Select(o => o.At))
        {
            kit.Host.Clock.SetUtcNow(at);
            second.Clock.SetUtcNow(at);
            await Task.WhenAll(kit.Host.Get<BroadcastScheduler>().TickAsync(default), second.Get<BroadcastScheduler>().TickAsync(default),
                kit.Host.Get<BroadcastScheduler>().TickAsync(default), second.Get<BroadcastScheduler>().TickAsync(default));
            await Task.WhenAll(kit.Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default), second.Get<DeliveryEngine>().RunAsync(untilIdle: true, default));
        }
        foreach (var user in Everyone)
        {
            Assert.Equal(2, kit.Received(user, "同時の朝").Count);
        }
        Assert.Single(kit.Host.SentTo(Executive), c => c.Text?.Contains("の1/2回目を8人に送っています", StringComparison.Ordinal) == true);
        Assert.Single(kit.Host.SentTo(Executive), c => c.Text?.Contains("の2/2回目を8人に送っています", StringComparison.Ordinal) == true);
        Assert.Equal(0, kit.Host.Connector.DuplicateDeliveries);
        var sent = await kit.OnlyAsync();
        Assert.Equal(BroadcastStatus.Sent, sent.Status);
        Assert.All(sent.Occurrences, o => Assert.Equal(8, o.Recipients));
        Assert.Equal(8, (await kit.ReportAsync(sent.Id, 1)).Sent);
        Assert.Equal(8, (await kit.ReportAsync(sent.Id, 2)).Sent);
    }
}
