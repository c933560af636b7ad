using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Pulse;

public sealed class PulseRunNowTests
{
    // Monday 2026-11-30 09:30 JST: this week's scheduled pulse (Monday 10:00) is still to come.
    private static readonly DateTimeOffset MondayMorning = new(2026, 11, 30, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Run_now_while_a_survey_is_open_sends_no_second_one()
    {
        var kit = await PulseTestKit.StartAsync();
        await using var host = kit.Host;
        await kit.SetUpCompanyAsync([]);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });
        var runs = host.Get<PulseRunRepository>();

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        Assert.Contains("配信しています", host.SentTo(BotTestHost.Promoter).Last().AllText);

        // A second press (a double click, or a promoter who forgot) only says what is open.
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        var question = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("経費精算システム のアンケートは回答受付中です", question.AllText);
        Assert.Contains("11/24（火）10:00 に配信したアンケート（3人）が 11/27（金）10:00 まで回答を受け付けています", question.AllText);
        Assert.Contains("受付中は新しく配信しません", question.AllText);
        Assert.DoesNotContain(PulseCards.SendToNewcomersVerb, question.Card!.ToJsonString());
        Assert.Single(await runs.ListAsync(BotTestHost.TenantId, default));

        // A card from before (confirmed = true) does not get around it either.
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool", confirmed = true });
        Assert.Contains("回答受付中です", host.SentTo(BotTestHost.Promoter).Last().AllText);
        Assert.Single(await runs.ListAsync(BotTestHost.TenantId, default));
    }

    [Fact]
    public async Task Run_now_in_a_week_with_a_scheduled_pulse_to_come_asks_to_replace_or_wait_and_then_only_one_goes_out()
    {
        var kit = await PulseTestKit.StartAsync();
        await using var host = kit.Host;
        await kit.SetUpCompanyAsync([]);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });
        var runs = host.Get<PulseRunRepository>();
        host.Clock.SetUtcNow(MondayMorning);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        var question = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("今週は 11/30（月）10:00 に 経費精算システム の定期配信があります", question.AllText);
        Assert.Contains("今すぐ配信する（今週の定期配信の代わり）", question.AllText);
        Assert.Contains("今は配信しない（定期配信を待つ）", question.AllText);
        Assert.Empty(await runs.ListAsync(BotTestHost.TenantId, default));

        // Wait: nothing is sent, the question card says so.
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool", mode = "wait" });
        Assert.Contains("経費精算システム のアンケートは今は配信しません。定期配信（11/30（月）10:00）を待ちます。", host.SentTo(BotTestHost.Promoter).Last().Text);
        Assert.Empty(await runs.ListAsync(BotTestHost.TenantId, default));

        // Replace: it goes out now, and at 10:00 the scheduled one does not.
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool", mode = "replace" });
        Assert.Contains("3人に配信します", host.SentTo(BotTestHost.Promoter).Last().AllText);
        await kit.TickAsync();
        var manual = await kit.OnlyRunAsync();
        Assert.StartsWith("tool_now", manual.Id, StringComparison.Ordinal);
        Assert.Equal(manual.Id, await host.Get<PulseSlotRepository>().OwnerAsync(BotTestHost.TenantId, "tool_202611301000", default));
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Single(await runs.ListAsync(BotTestHost.TenantId, default));
        Assert.Single(kit.Surveys(BotTestHost.Staff));

        // Once it has closed, a press in the same week still sends no second one, and says when the next goes out.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 4, 3, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool", mode = "replace" });
        var already = host.SentTo(BotTestHost.Promoter).Last().Text!;
        Assert.Contains("今週の 経費精算システム のアンケートは配信済みです", already);
        Assert.Contains("次回の定期配信：12/7（月）10:00", already);
        Assert.Single(await runs.ListAsync(BotTestHost.TenantId, default));

        // The next week is scheduled as usual.
        host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Equal(2, (await runs.ListAsync(BotTestHost.TenantId, default)).Count);
        Assert.Equal(2, kit.Surveys(BotTestHost.Staff).Count);
    }

    [Fact]
    public async Task When_the_schedule_and_a_replacing_press_race_on_two_instances_exactly_one_survey_goes_out()
    {
        var kit = await PulseTestKit.StartAsync();
        await kit.SetUpCompanyAsync([]);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });
        await using var first = kit.Host;
        await using var second = await BotTestHost.StartAsync(settings: TeamsDxBot.Tests.Delivery.DeliveryTestKit.FastRetries, tablePrefix: first.TablePrefix, connector: first.Connector);
        var ten = new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);
        for (var round = 0; round < 3; round++)
        {
            // Each round a week later: the schedule's tick and a "send now instead" press at the same moment.
            var at = ten.AddDays(7 * round).AddSeconds(round);
            first.Clock.SetUtcNow(at);
            second.Clock.SetUtcNow(at);
            var initiative = kit.Tool;
            await Task.WhenAll(
                first.Get<PulseScheduler>().TickAsync(default),
                second.Get<PulseScheduler>().StartNowAsync(initiative, default),
                first.Get<PulseScheduler>().StartNowAsync(initiative, default));
            await first.Get<PulseScheduler>().TickAsync(default);
            await first.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
            var week = (await first.Get<PulseRunRepository>().ListAsync(BotTestHost.TenantId, default))
                .Where(r => PulseScheduler.WeekStart(r.Date) == DateOnly.FromDateTime(at.UtcDateTime)).ToList();
            Assert.Single(week);
            Assert.Equal(round + 1, kit.Surveys(BotTestHost.Staff).Count);
            // Closed before the next round.
            first.Clock.SetUtcNow(at.AddDays(4));
            await first.Get<PulseScheduler>().TickAsync(default);
        }
    }

    [Fact]
    public async Task After_a_roster_change_the_open_survey_goes_to_the_people_added_since_it_started_only()
    {
        var newcomer = new TestUser("aad-new", "新人 太郎", "new@contoso.example");
        var kit = await PulseTestKit.StartAsync();
        await using var host = kit.Host;
        await kit.SetUpCompanyAsync([]);
        var initiatives = host.Get<TeamsDxBot.Initiatives.InitiativeRepository>();
        await initiatives.ReplaceAsync((await initiatives.GetAsync(BotTestHost.TenantId, "tool", default))! with { DepartmentIds = [kit.Sales] }, default);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        await kit.TickAsync();
        var run = await kit.OnlyRunAsync();
        Assert.Equal(1, run.Invited.Values.Sum());

        // Later that day a newcomer joins 営業部 and 英語 staff is moved into it.
        host.Clock.Advance(TimeSpan.FromHours(3));
        host.Connector.Members.Add(new FakeMember(newcomer.TeamsId, newcomer.AadObjectId, newcomer.Name, newcomer.Email));
        await host.SayAsync(newcomer, "help");
        await kit.SetAsync(newcomer, p => p with { DepartmentId = kit.Sales });
        await kit.SetAsync(BotTestHost.EnglishStaff, p => p with { DepartmentId = kit.Sales });

        await host.SayAsync(BotTestHost.Promoter, "pulse");
        var admin = host.SentTo(BotTestHost.Promoter)[^2];
        Assert.Contains("受付中のアンケートを、開始後に追加された2人に送る", admin.AllText);
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        Assert.Contains("配信後に対象に加わった人が2人います", host.SentTo(BotTestHost.Promoter).Last().AllText);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.SendToNewcomersVerb, initiativeId = "tool", runId = run.Id });
        Assert.Contains("開始後に追加された2人に送りました。締め切り：11/27（金）10:00", host.SentTo(BotTestHost.Promoter).Last().AllText);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Single(kit.Surveys(newcomer));
        Assert.Single(kit.Surveys(BotTestHost.EnglishStaff));
        Assert.Single(kit.Surveys(BotTestHost.Staff));
        var stored = await kit.OnlyRunAsync();
        Assert.Equal(new Dictionary<string, int> { [kit.Sales] = 3 }, stored.Invited);
        var invitation = await host.Get<PulseInvitationRepository>().GetAsync(BotTestHost.TenantId, run.Id, newcomer.AadObjectId, default);
        Assert.Equal(run.ClosesAt, invitation!.ClosesAt);

        // Pressed again (a double click): nobody gets a second one, and the count stays.
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.SendToNewcomersVerb, initiativeId = "tool", runId = run.Id });
        Assert.Contains("開始後に追加された人はいません", host.SentTo(BotTestHost.Promoter).Last().AllText);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Single(kit.Surveys(newcomer));
        Assert.Equal(3, (await kit.OnlyRunAsync()).Invited.Values.Sum());

        // The newcomer's answer counts in the run.
        var thanks = await kit.SubmitAsync(newcomer, kit.LastSurveyData(newcomer), PulseTestKit.Answers());
        Assert.Contains("回答ありがとうございました", thanks.AllText);

        // Once closed, the button refuses.
        host.Clock.SetUtcNow(run.ClosesAt);
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.SendToNewcomersVerb, initiativeId = "tool", runId = run.Id });
        Assert.Contains("締め切られたため", host.SentTo(BotTestHost.Promoter).Last().AllText);
    }

    [Fact]
    public async Task In_a_running_bot_the_press_answers_first_and_the_surveys_follow_without_waiting_for_the_schedule()
    {
        // The schedule worker runs (as in production) but its interval is a month of a clock that stands still:
        // only the press can make it run.
        var kit = await PulseTestKit.StartAsync(new Dictionary<string, string> { ["Pulse:RunWorker"] = "true" });
        await using var host = kit.Host;
        await kit.SetUpCompanyAsync([]);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        Assert.Contains("配信しています", host.SentTo(BotTestHost.Promoter).Last().AllText);

        var engine = host.Get<DeliveryEngine>();
        for (var attempt = 0; attempt < 200 && kit.Surveys(BotTestHost.Staff).Count == 0; attempt++)
        {
            await Task.Delay(50);
            await engine.RunAsync(untilIdle: true, default);
        }
        Assert.Single(kit.Surveys(BotTestHost.Staff));
        Assert.Single(kit.Surveys(BotTestHost.EnglishStaff));
    }
}
