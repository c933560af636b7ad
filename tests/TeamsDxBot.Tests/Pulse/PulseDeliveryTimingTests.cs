using TeamsDxBot.Delivery;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Pulse;

/// <summary>A company living through the dev clock: long jumps, people in Tokyo and Los Angeles, runs started at night.</summary>
public sealed class PulseDeliveryTimingTests : IAsyncLifetime
{
    private static readonly TestUser LosAngeles = new("aad-la", "Jordan Lee", "jordan@contoso.example", "en-US");
    private static readonly TestUser Seattle = new("aad-sea", "Sam Park", "sam@contoso.example", "en-US");
    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync();
        await kit.SetUpCompanyAsync([LosAngeles, Seattle]);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });
        await kit.SetAsync(BotTestHost.EnglishStaff, p => p with { DepartmentId = kit.Sales });
        await kit.SetAsync(LosAngeles, p => p with { DepartmentId = kit.Plant, TimeZone = "America/Los_Angeles" });
        await kit.SetAsync(Seattle, p => p with { DepartmentId = kit.Plant, TimeZone = "America/Los_Angeles" });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private static readonly TestUser[] Staff = [BotTestHost.Staff, BotTestHost.EnglishStaff, LosAngeles, Seattle];
    private static readonly TestUser[] Everyone = [.. Staff, BotTestHost.Promoter];

    [Fact]
    public async Task After_a_long_clock_jump_everyone_due_in_one_tick_gets_one_survey_and_every_delivery_is_recorded()
    {
        // The first weekly run goes out as usual.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.All(Everyone, user => Assert.Single(kit.Surveys(user)));

        // 49 days later, in the evening in Los Angeles: Monday's 10:00 has come in both zones, so the same
        // tick queues the Tokyo and the Los Angeles surveys together.
        Host.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 18, 19, 0, 0, TimeSpan.Zero));
        await Host.Get<PulseScheduler>().TickAsync(default);
        var messageId = PulseScheduler.MessageId("tool_202701181000");

        // Teams answers slowly, and the clock jumps again while the sends are in flight: their leases run out.
        Host.Connector.Options.Latency = TimeSpan.FromMilliseconds(800);
        var before = Host.Connector.TotalRequests;
        var engine = Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        await WaitUntilAsync(() => Host.Connector.TotalRequests > before);
        Host.Clock.Advance(TimeSpan.FromMinutes(10));
        await engine;

        // Each person got exactly one survey of the new run, and every delivery is recorded as sent.
        Assert.All(Everyone, user => Assert.Equal(2, kit.Surveys(user).Count));
        Assert.Equal(0, Host.Connector.DuplicateDeliveries);
        var report = await Host.Get<DeliveryReports>().GetAsync(messageId, default);
        Assert.Equal((5, 5, 0, 0, 0), (report.Queued, report.Sent, report.Failed, report.Pending, report.PossibleDuplicates));
        Assert.Equal(0, await Host.Get<OutboxRepository>().CountOpenAsync(4, default));
    }

    [Fact]
    public async Task A_run_started_at_night_reminds_each_person_on_their_next_business_morning()
    {
        await OnlyRunsStartedByHandAsync(settings => settings);
        // Monday 23:30 in Tokyo, 06:30 in Los Angeles.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 14, 30, 0, TimeSpan.Zero));
        Assert.NotNull(await Host.Get<PulseScheduler>().StartNowAsync(kit.Tool, default));
        await kit.TickAsync();
        Assert.All(Staff, user => Assert.Single(kit.Surveys(user)));

        // Two days later it is 23:30 on Wednesday in Tokyo and 06:30 in Los Angeles: nobody is reminded at night.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 14, 30, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.All(Staff, user => Assert.Single(kit.Surveys(user)));

        // 09:00 on Wednesday in Los Angeles (02:00 Thursday in Tokyo).
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 17, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Equal(2, kit.Surveys(LosAngeles).Count);
        Assert.Equal(2, kit.Surveys(Seattle).Count);
        Assert.Single(kit.Surveys(BotTestHost.Staff));
        Assert.Single(kit.Surveys(BotTestHost.EnglishStaff));

        // 09:00 on Thursday in Tokyo.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Contains("リマインド：まだ回答がありません", kit.Surveys(BotTestHost.Staff)[^1].AllText);
        Assert.Contains("Reminder", kit.Surveys(BotTestHost.EnglishStaff)[^1].AllText);
        Assert.All(Staff, user => Assert.Equal(2, kit.Surveys(user).Count));
        var invitations = await Host.Get<PulseInvitationRepository>().ListAsync(BotTestHost.TenantId, (await kit.OnlyRunAsync()).Id, default);
        Assert.All(invitations, i => Assert.Equal(1, i.RemindersSent));
    }

    [Fact]
    public async Task A_reminder_due_on_friday_evening_waits_for_monday_morning()
    {
        // Wednesday 18:30 in Tokyo: two days later is Friday 18:30, after hours, then the weekend.
        await OnlyRunsStartedByHandAsync(settings => settings with { WindowDays = 5, ReminderDelay = TimeSpan.FromDays(2) });
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 9, 30, 0, TimeSpan.Zero));
        await Host.Get<PulseScheduler>().StartNowAsync(kit.Tool, default);
        await kit.TickAsync();

        // Friday 18:45 and Saturday 10:00 in Tokyo: no reminder.
        foreach (var at in new[] { new DateTimeOffset(2026, 12, 4, 9, 45, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 5, 1, 0, 0, TimeSpan.Zero) })
        {
            Host.Clock.SetUtcNow(at);
            await kit.TickAsync();
            Assert.Single(kit.Surveys(BotTestHost.Staff));
        }
        // Monday 09:00 in Tokyo.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Equal(2, kit.Surveys(BotTestHost.Staff).Count);
    }

    /// <summary>No weekly schedule, so the only survey is the one the promoter starts ("run now").</summary>
    private async Task OnlyRunsStartedByHandAsync(Func<PulseSettings, PulseSettings> change)
    {
        var settings = await Host.Get<PulseScheduler>().SettingsAsync(kit.Tool, default);
        await Host.Get<PulseSettingsRepository>().SaveAsync(change(settings with { Enabled = false }), default);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the first send");
            await Task.Delay(10);
        }
    }
}
