using TeamsDxBot.Delivery;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Pulse;

public sealed class PulseRunNowTests
{
    [Fact]
    public async Task Run_now_while_a_survey_is_open_asks_before_everyone_gets_a_second_one()
    {
        var kit = await PulseTestKit.StartAsync();
        await using var host = kit.Host;
        await kit.SetUpCompanyAsync([]);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });
        var runs = host.Get<PulseRunRepository>();

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        Assert.Contains("配信しています", host.SentTo(BotTestHost.Promoter).Last().AllText);

        // A second press (a double click, or a promoter who forgot) only asks.
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        var question = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("経費精算システム のアンケートは回答受付中です", question.AllText);
        Assert.Contains("11/24（火）10:00 に配信したアンケート（3人）が 11/27（金）10:00 まで回答を受け付けています", question.AllText);
        Assert.Contains("それでも配信する", question.AllText);
        Assert.Single(await runs.ListAsync(BotTestHost.TenantId, default));

        // Confirmed, it goes out.
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool", confirmed = true });
        Assert.Contains("3人に配信します", host.SentTo(BotTestHost.Promoter).Last().AllText);
        Assert.Equal(2, (await runs.ListAsync(BotTestHost.TenantId, default)).Count);

        // Two confirmed presses in the same second make one run, and the second press says what is going out.
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool", confirmed = true });
        Assert.Contains("3人に配信します", host.SentTo(BotTestHost.Promoter).Last().AllText);
        Assert.Equal(2, (await runs.ListAsync(BotTestHost.TenantId, default)).Count);
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
