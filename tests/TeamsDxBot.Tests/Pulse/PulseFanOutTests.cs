using Microsoft.Extensions.Options;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Pulse;

/// <summary>A company-wide Monday run: the cards must be on their way from the tick that creates the run.</summary>
public sealed class PulseFanOutTests : IAsyncLifetime
{
    // More than one slice of the scheduler's enqueue, so a full slice and a partial one both run.
    private const int Extra = 560;
    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync();
        // Monday 30 November 2026, 09:00 in Tokyo: go-live today, the weekly pulse is due at 10:00.
        kit.Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));
        await kit.SetUpCompanyAsync([]);
        var people = Host.Get<PersonRepository>();
        var now = Host.Clock.GetUtcNow();
        await Parallel.ForEachAsync(Enumerable.Range(0, Extra), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            await people.TryAddAsync(new Person
            {
                TenantId = BotTestHost.TenantId,
                AadObjectId = $"aad-bulk-{i:0000}",
                TeamsUserId = $"29:bulk-{i:0000}",
                Name = $"社員 {i:0000}",
                Locale = "ja-JP",
                TimeZone = "Asia/Tokyo",
                DepartmentId = i % 2 == 0 ? kit.Sales : kit.Plant,
                ServiceUrl = Host.Connector.ServiceUrl,
                Conversation = new ConversationAddress(Host.Connector.ServiceUrl, $"a:bulk-{i:0000}", "28:bot", "msteams"),
                Reachability = Reachability.Reachable,
                FirstSeen = now,
                LastSeen = now,
                WelcomedAt = now,
            }, ct));
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task Everyone_s_survey_is_queued_in_the_tick_that_creates_the_run_and_each_person_gets_exactly_one()
    {
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 1, 0, 30, TimeSpan.Zero));
        await Host.Get<PulseScheduler>().TickAsync(default);

        var run = await kit.OnlyRunAsync();
        var invited = run.Invited.Values.Sum();
        Assert.True(invited > Extra, $"the run invited {invited}");
        var invitations = await Host.Get<PulseInvitationRepository>().ListAsync(BotTestHost.TenantId, run.Id, default);
        Assert.Equal(invited, invitations.Count);
        Assert.All(invitations, i => Assert.True(i.Sent, $"{i.AadObjectId} is not marked sent"));
        var shards = Host.Get<IOptions<DeliveryOptions>>().Value.Shards;
        Assert.Equal(invited, await Host.Get<OutboxRepository>().CountOpenAsync(shards, default));

        // The next tick finds nothing left to queue, and the engine delivers one card to each person.
        Host.Clock.Advance(TimeSpan.FromMinutes(1));
        await Host.Get<PulseScheduler>().TickAsync(default);
        Assert.Equal(invited, await Host.Get<OutboxRepository>().CountOpenAsync(shards, default));
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var report = await Host.Get<DeliveryReports>().GetAsync(PulseScheduler.MessageId(run.Id), default);
        Assert.Equal((invited, invited, 0), (report.Queued, report.Sent, report.Pending));
        Assert.Equal(0, Host.Connector.DuplicateDeliveries);
        Assert.Equal(1, Host.Connector.DeliveredTo("a:bulk-0000"));
        Assert.Equal(1, Host.Connector.DeliveredTo($"a:bulk-{Extra - 1:0000}"));
    }
}
