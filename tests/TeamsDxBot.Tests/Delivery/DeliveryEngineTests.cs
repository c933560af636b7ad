using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;
using static TeamsDxBot.Tests.Delivery.DeliveryTestKit;

namespace TeamsDxBot.Tests.Delivery;

public sealed class DeliveryEngineTests : IAsyncLifetime
{
    private BotTestHost host = null!;

    public async Task InitializeAsync() => host = await BotTestHost.StartAsync(settings: FastRetries);

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<DeliveryReport> ReportAsync(string messageId) => host.Get<DeliveryReports>().GetAsync(messageId, default);

    [Fact]
    public async Task Every_recipient_gets_the_message_once_and_the_report_says_so()
    {
        var result = await EnqueueAsync(host, "m1", 25);
        Assert.Equal(25, result.Enqueued);

        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        Assert.All(Enumerable.Range(0, 25), i => Assert.Equal(1, host.Connector.DeliveredTo(ConversationOf(i))));
        var report = await ReportAsync("m1");
        Assert.Equal((25, 25, 0, 0, 0), (report.Queued, report.Sent, report.Failed, report.Unreachable, report.Pending));
        Assert.True(report.Complete);
        Assert.NotNull(report.Duration);
        Assert.Equal(0, await host.Get<OutboxRepository>().CountOpenAsync(4, default));
    }

    [Fact]
    public async Task Enqueuing_the_same_dedupe_key_twice_sends_once()
    {
        await EnqueueAsync(host, "m1", 3);
        var again = await EnqueueAsync(host, "m1", 5);
        Assert.Equal(2, again.Enqueued);
        Assert.Equal(3, again.Duplicates);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        // And after it was sent, enqueuing it again still sends nothing.
        Assert.Equal(0, (await EnqueueAsync(host, "m1", 5)).Enqueued);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Equal(5, host.Connector.Delivered);
        Assert.Equal(0, host.Connector.DuplicateDeliveries);
    }

    [Theory]
    [InlineData(FaultKind.Forbidden, DeliveryStatus.Unreachable, "403")]
    [InlineData(FaultKind.NotFound, DeliveryStatus.Unreachable, "404")]
    [InlineData(FaultKind.PayloadTooLarge, DeliveryStatus.Failed, "413")]
    public async Task Permanent_faults_are_not_retried(FaultKind fault, DeliveryStatus expected, string reason)
    {
        await host.Get<PersonRepository>().TryAddAsync(new Person { TenantId = BotTestHost.TenantId, AadObjectId = "aad-r0", Reachability = Reachability.Reachable }, default);
        host.Connector.InjectFault(ConversationOf(0), fault);
        await EnqueueAsync(host, "m1", 2);

        await DrainAsync(host);

        Assert.Equal(1, host.Connector.FaultCount(fault));
        var report = await ReportAsync("m1");
        Assert.Equal(1, report.Sent);
        Assert.Equal(1, expected == DeliveryStatus.Unreachable ? report.Unreachable : report.Failed);
        Assert.StartsWith(reason, Assert.Single(report.FailureReasons).Key);
        var person = await host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, "aad-r0", default);
        Assert.Equal(expected == DeliveryStatus.Unreachable ? Reachability.Unreachable : Reachability.Reachable, person!.Reachability);
    }

    [Theory]
    [InlineData(FaultKind.PreconditionFailed)]
    [InlineData(FaultKind.BadGateway)]
    [InlineData(FaultKind.ServiceUnavailable)]
    [InlineData(FaultKind.GatewayTimeout)]
    [InlineData(FaultKind.Timeout)]
    [InlineData(FaultKind.ConnectionReset)]
    [InlineData(FaultKind.TooManyRequests)]
    [InlineData(FaultKind.TooManyRequestsWithoutRetryAfter)]
    public async Task Transient_faults_are_retried_until_sent(FaultKind fault)
    {
        host.Connector.Options.TimeoutDelay = TimeSpan.FromSeconds(3);
        host.Connector.InjectFault(ConversationOf(0), fault, times: 2);
        await EnqueueAsync(host, "m1", 2);

        await DrainAsync(host);

        Assert.Equal(2, host.Connector.FaultCount(fault));
        Assert.Equal(1, host.Connector.DeliveredTo(ConversationOf(0)));
        var report = await ReportAsync("m1");
        Assert.Equal(2, report.Sent);
        Assert.True(report.Complete);
    }

    [Fact]
    public async Task A_fault_that_never_clears_ends_failed_after_the_attempt_limit()
    {
        host.Connector.InjectFault(ConversationOf(0), FaultKind.ServiceUnavailable);
        await EnqueueAsync(host, "m1", 1);

        await DrainAsync(host, rounds: 10);

        Assert.Equal(4, host.Connector.FaultCount(FaultKind.ServiceUnavailable));
        var report = await ReportAsync("m1");
        Assert.Equal(1, report.Failed);
        Assert.StartsWith("503", Assert.Single(report.FailureReasons).Key);
        Assert.Equal(0, await host.Get<OutboxRepository>().CountOpenAsync(4, default));
    }

    [Fact]
    public async Task A_throttling_storm_slows_the_whole_engine_and_it_recovers()
    {
        var pacer = host.Get<Pacer>();
        for (var i = 0; i < 10; i++)
        {
            host.Connector.InjectFault(ConversationOf(i), FaultKind.TooManyRequests, times: 1, retryAfter: TimeSpan.FromSeconds(1));
        }
        await EnqueueAsync(host, "m1", 10);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.True(pacer.Factor < 0.5, $"rate factor after a storm of 429s was {pacer.Factor}");

        await DrainAsync(host);
        Assert.Equal(10, (await ReportAsync("m1")).Sent);
        await EnqueueAsync(host, "m2", 40);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Equal(1.0, pacer.Factor, precision: 6);
    }

    [Fact]
    public async Task A_person_known_only_from_the_roster_gets_a_chat_opened_first()
    {
        var recipient = new Recipient(BotTestHost.TenantId, "aad-new", "aad-new", null, "29:new", host.Connector.ServiceUrl);
        await host.Get<PersonRepository>().TryAddAsync(new Person { TenantId = BotTestHost.TenantId, AadObjectId = "aad-new", TeamsUserId = "29:new", ServiceUrl = host.Connector.ServiceUrl }, default);
        await host.Get<Outbox>().EnqueueAsync("m1", new MessageContent("ようこそ"), [new SendRequest("m1", "m1:new", recipient)], "test", default);

        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        Assert.Contains(host.Connector.Calls, c => c.Kind == "createConversation");
        Assert.Equal(1, host.Connector.DeliveredTo("a:personal-29:new"));
        var person = await host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, "aad-new", default);
        Assert.Equal("a:personal-29:new", person!.Conversation!.ConversationId);
    }

    [Fact]
    public async Task Card_updates_outside_a_turn_go_through_the_engine()
    {
        var card = TeamsDxBot.Cards.AdaptiveCard.Create([TeamsDxBot.Cards.AdaptiveCard.Text("対応済み")]);
        var request = new SendRequest("u1", "u1:r0", RecipientOf(host, 0), new MessageContent(null, card), UpdateActivityId: "act-99");
        await host.Get<Outbox>().EnqueueAsync("u1", null, [request], "test", default);

        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        var update = Assert.Single(host.Connector.Calls, c => c.Kind == "update");
        Assert.Equal("act-99", update.ActivityId);
        Assert.Contains("対応済み", update.AllText);
    }

    [Fact]
    public async Task Pacing_keeps_the_engine_inside_the_tenant_limit()
    {
        host.Connector.Options.EnforceTeamsLimits = true;
        host.Connector.Options.TenantRequestsPerSecond = 20;
        await using var paced = await BotTestHost.StartAsync(settings: new Dictionary<string, string>(FastRetries) { ["Delivery:TenantRequestsPerSecond"] = "20" },
            connector: host.Connector);
        await paced.Get<DeliveryEngine>().RefreshShareAsync(default);
        await EnqueueAsync(paced, "m1", 30);

        await paced.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        Assert.Equal(30, host.Connector.Delivered);
        Assert.Equal(0, host.Connector.Throttled429Count);
    }
}
