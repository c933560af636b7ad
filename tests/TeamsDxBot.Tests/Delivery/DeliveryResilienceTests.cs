using TeamsDxBot.Delivery;
using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Delivery.DeliveryTestKit;

namespace TeamsDxBot.Tests.Delivery;

public sealed class DeliveryResilienceTests
{
    [Fact]
    public async Task Kill_and_restart_mid_send_loses_nothing_and_counts_the_possible_duplicates()
    {
        await using var first = await BotTestHost.StartAsync(settings: PatientSends);
        first.Connector.Options.Latency = TimeSpan.FromMilliseconds(50);
        await EnqueueAsync(first, "m1", 60);

        // The first instance dies after a dozen sends, with others in flight.
        using var kill = new CancellationTokenSource();
        var run = first.Get<DeliveryEngine>().RunAsync(untilIdle: true, kill.Token);
        while (first.Connector.Delivered < 12)
        {
            await Task.Delay(5);
        }
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        var deliveredBeforeCrash = first.Connector.Delivered;
        Assert.True(deliveredBeforeCrash < 60);

        // A new instance on the same storage takes over once the dead instance's leases run out.
        await using var second = await BotTestHost.StartAsync(settings: PatientSends, tablePrefix: first.TablePrefix, connector: first.Connector);
        second.Clock.Advance(TimeSpan.FromMinutes(3));
        await second.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        Assert.All(Enumerable.Range(0, 60), i => Assert.True(first.Connector.DeliveredTo(ConversationOf(i)) >= 1, $"recipient {i} lost"));
        var report = await second.Get<DeliveryReports>().GetAsync("m1", default);
        Assert.Equal(60, report.Sent);
        Assert.Equal(0, report.Pending);
        // Anything sent twice was in flight at the crash, so it is bounded by the concurrency and reported.
        Assert.InRange(first.Connector.DuplicateDeliveries, 0, 8);
        Assert.True(report.PossibleDuplicates >= first.Connector.DuplicateDeliveries);
        Assert.InRange(report.PossibleDuplicates, 0, 8 + 64);
    }

    [Fact]
    public async Task A_batch_of_outcomes_holding_one_row_twice_records_every_recipient()
    {
        await using var host = await BotTestHost.StartAsync(settings: FastRetries);
        await EnqueueAsync(host, "m1", 3);
        var outbox = host.Get<OutboxRepository>();
        var now = host.Clock.GetUtcNow();
        var due = new List<QueueRow>();
        foreach (var shard in OutboxRepository.AllShards(4))
        {
            due.AddRange(await outbox.QueryDueAsync(shard, now, 100, default));
        }
        Assert.Equal(3, due.Count);
        var first = (await outbox.TryClaimAllAsync(due, "instance-a", now + TimeSpan.FromMinutes(2), default)).ToList();
        // The lease ran out and the same instance claimed the first row again: two claims of one row, two ETags.
        var again = await outbox.TryClaimAsync(first[0], "instance-a", now + TimeSpan.FromMinutes(20), default);
        Assert.NotNull(again);

        Completion Sent(QueueRow row) => new(row with { Attempts = 1 }, DeliveryStatus.Sent, "sent", null, "act", now);
        await outbox.CompleteAllAsync([.. first.Select(Sent), Sent(again)], default);

        var report = await host.Get<DeliveryReports>().GetAsync("m1", default);
        Assert.Equal((3, 3, 0), (report.Queued, report.Sent, report.Pending));
        Assert.Equal(1, report.PossibleDuplicates);
        Assert.Equal(0, await outbox.CountOpenAsync(4, default));
    }

    [Fact]
    public async Task One_outcome_that_cannot_be_stored_does_not_cost_the_others_their_record()
    {
        await using var host = await BotTestHost.StartAsync(settings: FastRetries);
        await EnqueueAsync(host, "m1", 2);
        await EnqueueAsync(host, "m2", 2);
        var outbox = host.Get<OutboxRepository>();
        var now = host.Clock.GetUtcNow();
        var due = new List<QueueRow>();
        foreach (var shard in OutboxRepository.AllShards(4))
        {
            due.AddRange(await outbox.QueryDueAsync(shard, now, 100, default));
        }
        var claimed = await outbox.TryClaimAllAsync(due, "instance-a", now + TimeSpan.FromMinutes(2), default);
        Assert.Equal(4, claimed.Count);

        // Table storage refuses a string property over 64 KiB, so this one outcome cannot be written.
        var broken = claimed.First(r => r.MessageId == "m1");
        var commit = new GroupCommit(outbox);
        var committer = commit.RunAsync(default);
        var writes = claimed.Select(row => commit.CompleteAsync(new Completion(row with { Attempts = 1 }, DeliveryStatus.Failed, "failed",
            row == broken ? new string('x', 40_000) : "413", null, now))).ToList();
        commit.Complete();
        await committer;

        await Assert.ThrowsAnyAsync<Exception>(() => writes[claimed.ToList().IndexOf(broken)]);
        Assert.All(writes.Where((_, i) => claimed[i] != broken), w => Assert.True(w.IsCompletedSuccessfully));
        var (m1, m2) = (await host.Get<DeliveryReports>().GetAsync("m1", default), await host.Get<DeliveryReports>().GetAsync("m2", default));
        Assert.Equal((1, 1), (m1.Failed, m1.Pending));
        Assert.Equal((2, 0), (m2.Failed, m2.Pending));
    }

    [Fact]
    public async Task A_send_that_timed_out_after_reaching_teams_is_counted_as_a_possible_duplicate_when_retried()
    {
        await using var host = await BotTestHost.StartAsync(settings: FastRetries);
        // Teams takes the message but answers after the engine has given up (SendTimeout is 1 s here).
        host.Connector.Options.Latency = TimeSpan.FromMilliseconds(1500);
        await EnqueueAsync(host, "m1", 1);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Equal(1, host.Connector.Delivered);

        host.Connector.Options.Latency = TimeSpan.Zero;
        await DrainAsync(host);

        Assert.Equal(1, host.Connector.DuplicateDeliveries);
        var report = await host.Get<DeliveryReports>().GetAsync("m1", default);
        Assert.Equal((1, 0, 1), (report.Sent, report.Pending, report.PossibleDuplicates));
    }

    [Fact]
    public async Task Three_instances_on_one_storage_account_send_each_message_exactly_once()
    {
        await using var a = await BotTestHost.StartAsync(settings: PatientSends);
        a.Connector.Options.Latency = TimeSpan.FromMilliseconds(10);
        await using var b = await BotTestHost.StartAsync(settings: PatientSends, tablePrefix: a.TablePrefix, connector: a.Connector);
        await using var c = await BotTestHost.StartAsync(settings: PatientSends, tablePrefix: a.TablePrefix, connector: a.Connector);
        await EnqueueAsync(a, "m1", 150);

        var processed = await Task.WhenAll(
            a.Get<DeliveryEngine>().RunAsync(untilIdle: true, default),
            b.Get<DeliveryEngine>().RunAsync(untilIdle: true, default),
            c.Get<DeliveryEngine>().RunAsync(untilIdle: true, default));

        Assert.Equal(150, a.Connector.Delivered);
        Assert.All(Enumerable.Range(0, 150), i => Assert.Equal(1, a.Connector.DeliveredTo(ConversationOf(i))));
        Assert.Equal(0, a.Connector.DuplicateDeliveries);
        Assert.Equal(150, processed.Sum());
        Assert.True(processed.Count(p => p > 0) >= 2, "the work should be shared: " + string.Join(",", processed));
        Assert.Equal(150, (await a.Get<DeliveryReports>().GetAsync("m1", default)).Sent);
    }

    [Fact]
    public async Task The_hosted_engine_delivers_in_the_background_and_stops_cleanly()
    {
        var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string>(FastRetries) { ["Delivery:RunEngine"] = "true" });
        await EnqueueAsync(host, "m1", 5);

        for (var i = 0; i < 200 && host.Connector.Delivered < 5; i++)
        {
            host.Clock.Advance(TimeSpan.FromSeconds(1)); // the idle poll waits on the (fake) clock
            await Task.Delay(25);
        }
        Assert.Equal(5, host.Connector.Delivered);

        await host.DisposeAsync(); // graceful stop: no exception from the engine or its heartbeat
    }

    [Fact]
    public async Task A_stopping_instance_finishes_the_sends_it_started_and_hands_the_rest_to_another_at_once()
    {
        await using var survivor = await BotTestHost.StartAsync(settings: PatientSends);
        survivor.Connector.Options.Latency = TimeSpan.FromMilliseconds(300);
        var stopping = await BotTestHost.StartAsync(settings: new Dictionary<string, string>(PatientSends) { ["Delivery:RunEngine"] = "true" },
            tablePrefix: survivor.TablePrefix, connector: survivor.Connector);
        await EnqueueAsync(stopping, "m1", 60);
        for (var i = 0; i < 400 && survivor.Connector.Delivered < 12; i++)
        {
            stopping.Clock.Advance(TimeSpan.FromSeconds(1)); // the idle poll waits on the (fake) clock
            await Task.Delay(25);
        }
        Assert.InRange(survivor.Connector.Delivered, 12, 59);

        // The host stops (as App Service does on a restart or scale-in) with sends in flight.
        await stopping.DisposeAsync();
        var sentByStopped = survivor.Connector.Delivered;
        Assert.Equal(sentByStopped, (await survivor.Get<DeliveryReports>().GetAsync("m1", default)).Sent);

        // The rest is due at once: nothing waits for the stopped instance's leases (two minutes) to run out.
        survivor.Clock.SetUtcNow(stopping.Clock.GetUtcNow());
        await survivor.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.All(Enumerable.Range(0, 60), i => Assert.Equal(1, survivor.Connector.DeliveredTo(ConversationOf(i))));
        Assert.Equal(0, survivor.Connector.DuplicateDeliveries);
        var report = await survivor.Get<DeliveryReports>().GetAsync("m1", default);
        Assert.Equal((60, 0, 0), (report.Sent, report.Pending, report.PossibleDuplicates));
    }

    [Fact]
    public async Task Instances_split_the_tenant_rate_between_them()
    {
        await using var a = await BotTestHost.StartAsync(settings: FastRetries);
        await using var b = await BotTestHost.StartAsync(settings: FastRetries, tablePrefix: a.TablePrefix, connector: a.Connector);
        await a.Get<DeliveryEngine>().RefreshShareAsync(default);
        await b.Get<DeliveryEngine>().RefreshShareAsync(default);
        await a.Get<DeliveryEngine>().RefreshShareAsync(default);
        Assert.Equal(100, a.Get<Pacer>().CurrentRate, precision: 3);
    }

    [Fact]
    public async Task An_enqueue_interrupted_before_queuing_is_finished_by_the_repair_pass()
    {
        await using var host = await BotTestHost.StartAsync(settings: FastRetries);
        var repository = host.Get<OutboxRepository>();
        var request = new SendRequest("m1", "m1:r0", RecipientOf(host, 0));
        await repository.SaveMessageAsync("m1", new MessageContent("hi"), "test", host.Clock.GetUtcNow(), default);
        await repository.AddDeliveriesAsync([request], host.Clock.GetUtcNow(), default); // ...and the process died here.

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await host.Get<Outbox>().RepairAsync(default));
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        Assert.Equal(1, host.Connector.DeliveredTo(ConversationOf(0)));
        Assert.Equal(0, await host.Get<Outbox>().RepairAsync(default));
    }
}
