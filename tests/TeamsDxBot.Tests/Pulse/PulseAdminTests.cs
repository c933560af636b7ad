using TeamsDxBot.Delivery;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Pulse;

/// <summary>The promoter shapes the pulse from chat cards: questions, schedule, window, anonymity, reminders.</summary>
public sealed class PulseAdminTests : IAsyncLifetime
{
    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync();
        await kit.SetUpCompanyAsync([]);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private async Task<PulseSettings> SettingsAsync() => await Host.Get<PulseScheduler>().SettingsAsync(kit.Tool, default);

    private string LastText(TestUser user) => Host.SentTo(user).Last().AllText;

    [Fact]
    public async Task Add_reorder_and_remove_questions_and_the_next_survey_asks_them_in_that_order()
    {
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.QuestionsVerb, initiativeId = "tool" });
        Assert.Contains("1. 今週、経費精算システムをどのくらい使いましたか？", LastText(BotTestHost.Promoter));

        await Host.SubmitAsync(BotTestHost.Promoter, new
        {
            verb = PulseCards.AddQuestionVerb, initiativeId = "tool", etag = "", kind = "SingleChoice", textJa = "研修は役に立ちましたか？", textEn = "",
            choices = "はい / Yes\nいいえ / No\n受けていない / Didn't attend", required = "true",
        });
        var settings = await SettingsAsync();
        var added = settings.Questions[^1];
        Assert.Equal("研修は役に立ちましたか？", added.Ja);
        Assert.Equal("研修は役に立ちましたか？", added.En);
        Assert.Equal(["はい", "いいえ", "受けていない"], added.Choices.Select(c => c.Ja));
        Assert.Equal(["Yes", "No", "Didn't attend"], added.Choices.Select(c => c.En));
        Assert.Contains("6. 研修は役に立ちましたか？", Host.SentTo(BotTestHost.Promoter)[^2].AllText);

        foreach (var _ in Enumerable.Range(0, 2))
        {
            await Host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.MoveQuestionVerb, initiativeId = "tool", questionId = added.Id, direction = "up", etag = settings.ETag.ToString() });
            settings = await SettingsAsync();
        }
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RemoveQuestionVerb, initiativeId = "tool", questionId = "comment", etag = settings.ETag.ToString() });
        settings = await SettingsAsync();
        Assert.Equal(["usage", "ease", "fallback", added.Id, "blockers"], settings.Questions.Select(q => q.Id));

        await Host.Get<PulseScheduler>().RunNowAsync(kit.Tool, default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var survey = kit.Surveys(BotTestHost.Staff).Last().AllText;
        Assert.True(survey.IndexOf("研修は役に立ちましたか？", StringComparison.Ordinal) < survey.IndexOf("使う上で妨げになっていることは？", StringComparison.Ordinal));
        Assert.DoesNotContain("ご意見・ご要望", survey);
        Assert.Contains("受けていない", survey);
        var english = kit.Surveys(BotTestHost.EnglishStaff).Last().AllText;
        Assert.Contains("Didn't attend", english);

        // A required custom question must be answered, with one of its choices.
        var data = kit.LastSurveyData(BotTestHost.Staff);
        Assert.Contains("「研修は役に立ちましたか？」に答えてください", (await kit.SubmitAsync(BotTestHost.Staff, data, PulseTestKit.Answers())).AllText);
        var thanks = await kit.SubmitAsync(BotTestHost.Staff, data, new Dictionary<string, string>(PulseTestKit.Answers()) { [$"q_{added.Id}"] = "o3" });
        Assert.Contains("回答ありがとうございました", thanks.AllText);
        Assert.Contains("受けていない", thanks.AllText);
    }

    [Fact]
    public async Task Bad_input_and_stale_cards_change_nothing()
    {
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.AddQuestionVerb, initiativeId = "tool", etag = "", kind = "SingleChoice", textJa = "", textEn = "", choices = "A" });
        var problems = LastText(BotTestHost.Promoter);
        Assert.Contains("質問文を入力してください", problems);
        Assert.Contains("2〜8個の重複しない選択肢", problems);
        Assert.Null(await Host.Get<PulseSettingsRepository>().GetAsync(BotTestHost.TenantId, "tool", default));

        await Host.SubmitAsync(BotTestHost.Promoter, new
        {
            verb = PulseCards.SaveSettingsVerb, initiativeId = "tool", etag = "", enabled = "true", cron = "every monday", windowDays = "0",
            audience = "all", anonymity = "named", reminderCount = "5", reminderDays = "2",
        });
        problems = LastText(BotTestHost.Promoter);
        Assert.Contains("cron 式が正しくありません", problems);
        Assert.Contains("回答期間は1〜20営業日", problems);
        Assert.Contains("リマインドは0〜3回", problems);
        Assert.Null(await Host.Get<PulseSettingsRepository>().GetAsync(BotTestHost.TenantId, "tool", default));

        await Host.SubmitAsync(BotTestHost.Promoter, new
        {
            verb = PulseCards.SaveSettingsVerb, initiativeId = "tool", etag = "", enabled = "true", cron = "30 9 * * 2", windowDays = "5",
            audience = "all", anonymity = "named", reminderCount = "2", reminderDays = "1",
        });
        Assert.Contains("保存しました", LastText(BotTestHost.Promoter));
        var saved = (await Host.Get<PulseSettingsRepository>().GetAsync(BotTestHost.TenantId, "tool", default))!;
        Assert.Equal(("30 9 * * 2", 5, true, false, 2, TimeSpan.FromDays(1)), (saved.Cron, saved.WindowDays, saved.AudienceAll, saved.Anonymous, saved.ReminderCount, saved.ReminderDelay));

        // A card built before that save is stale now.
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RemoveQuestionVerb, initiativeId = "tool", questionId = "usage", etag = "" });
        Assert.Contains("ほかの人が先に変更しました", Host.SentTo(BotTestHost.Promoter)[^2].AllText);
        Assert.Equal(5, (await SettingsAsync()).Questions.Count);

        // The promoter's overview shows the new schedule's next sends: Tuesdays 09:30.
        await Host.SayAsync(BotTestHost.Promoter, "pulse");
        Assert.Contains("12/1（火）09:30 / 12/8（火）09:30 / 12/15（火）09:30", Host.SentTo(BotTestHost.Promoter)[^2].AllText);
    }

    [Fact]
    public async Task A_named_pulse_keeps_names_and_says_so()
    {
        var settings = await SettingsAsync();
        await Host.Get<PulseSettingsRepository>().SaveAsync(settings with { Anonymous = false }, default);
        var run = await Host.Get<PulseScheduler>().RunNowAsync(kit.Tool, default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Contains("このアンケートは記名式です", kit.Surveys(BotTestHost.Staff).Last().AllText);
        await kit.SubmitAsync(BotTestHost.Staff, kit.LastSurveyData(BotTestHost.Staff), PulseTestKit.Answers());
        var response = Assert.Single(await kit.ResponsesAsync(run!.Id));
        Assert.Equal((BotTestHost.Staff.AadObjectId, BotTestHost.Staff.Name), (response.AadObjectId, response.Name));
    }
}
