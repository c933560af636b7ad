using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Pulse;

/// <summary>Typing アンケート / pulse brings back the surveys a person can still answer or change.</summary>
public sealed class PulseOpenSurveyTests
{
    [Fact]
    public async Task Typing_pulse_lists_the_open_survey_and_its_button_brings_the_card_back_filled_in_with_the_answers()
    {
        var kit = await PulseTestKit.StartAsync();
        await using var host = kit.Host;
        await kit.SetUpCompanyAsync([]);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });

        await host.SayAsync(BotTestHost.Staff, "アンケート");
        var empty = host.SentTo(BotTestHost.Staff).Last().AllText;
        Assert.Contains("今、回答できるアンケートはありません", empty);
        Assert.Contains("アンケートの一時停止", empty);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        await kit.TickAsync();
        var run = await kit.OnlyRunAsync();
        Assert.Single(kit.Surveys(BotTestHost.Staff));

        // The survey card scrolled away: アンケート shows it with a button, next to the pause.
        await host.SayAsync(BotTestHost.Staff, "アンケート");
        var list = host.SentTo(BotTestHost.Staff).Last();
        Assert.Contains("回答受付中のアンケート", list.AllText);
        Assert.Contains("経費精算システム 利用状況アンケート", list.AllText);
        Assert.Contains("締め切り：11/27（金）10:00", list.AllText);
        Assert.Contains("回答する", list.AllText);
        Assert.Contains("アンケートの一時停止", list.AllText);
        Assert.Contains(PulseCards.OpenSurveyVerb, list.Card!.ToJsonString());

        await host.SubmitAsync(BotTestHost.Staff, new { verb = PulseCards.OpenSurveyVerb, runId = run.Id });
        Assert.Equal(2, kit.Surveys(BotTestHost.Staff).Count);
        var thanks = await kit.SubmitAsync(BotTestHost.Staff, kit.LastSurveyData(BotTestHost.Staff), PulseTestKit.Answers(usage: "several"));
        Assert.Contains("回答ありがとうございました", thanks.AllText);
        Assert.Single(await kit.ResponsesAsync(run.Id));

        // Answered: the list says so and offers a change; the card comes back with the answer chosen.
        await host.SayAsync(BotTestHost.Staff, "アンケート");
        var answered = host.SentTo(BotTestHost.Staff).Last().AllText;
        Assert.Contains("回答済み", answered);
        Assert.Contains("回答を変更", answered);
        await host.SubmitAsync(BotTestHost.Staff, new { verb = PulseCards.OpenSurveyVerb, runId = run.Id });
        var again = kit.Surveys(BotTestHost.Staff).Last().Card!.ToJsonString();
        Assert.Contains("\"id\":\"q_usage\"", again.Replace(" ", "", StringComparison.Ordinal));
        Assert.Contains("\"value\":\"several\"", again.Replace(" ", "", StringComparison.Ordinal));
        var changed = await kit.SubmitAsync(BotTestHost.Staff, kit.LastSurveyData(BotTestHost.Staff), PulseTestKit.Answers(usage: "daily"));
        Assert.Contains("回答を変更しました", changed.AllText);
        Assert.Equal("daily", Assert.Single(await kit.ResponsesAsync(run.Id)).Answers["usage"]);

        // Someone the run was not sent to gets no card from a copied button; once closed, nobody does.
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.OpenSurveyVerb, runId = "tool_other" });
        Assert.Contains("締め切られたか", host.SentTo(BotTestHost.Promoter).Last().AllText);
        host.Clock.Advance(TimeSpan.FromDays(4));
        await host.SubmitAsync(BotTestHost.Staff, new { verb = PulseCards.OpenSurveyVerb, runId = run.Id });
        Assert.Contains("締め切られたか", host.SentTo(BotTestHost.Staff).Last().AllText);
        await host.SayAsync(BotTestHost.Staff, "アンケート");
        Assert.Contains("今、回答できるアンケートはありません", host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Equal(3, kit.Surveys(BotTestHost.Staff).Count);
    }
}
