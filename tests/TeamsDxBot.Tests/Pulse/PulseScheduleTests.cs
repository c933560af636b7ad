using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Pulse;

/// <summary>The pulse schedule is picked (毎週 / 隔週 / 毎月, weekday, time), shown in plain words, and cron stays as the advanced option.</summary>
public sealed class PulseScheduleTests : IAsyncLifetime
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

    private Task SaveAsync(string frequency, string weekday, string time, string cron = "") => Host.SubmitAsync(BotTestHost.Promoter, new
    {
        verb = PulseCards.SaveSettingsVerb, initiativeId = "tool", etag = Etag, enabled = "true", frequency, weekday, time, cron, windowDays = "3",
        audience = "initiative", anonymity = "anonymous", reminderCount = "1", reminderDays = "2",
    });

    private string Etag { get; set; } = "";

    private async Task<PulseSettings?> StoredAsync() => await Host.Get<PulseSettingsRepository>().GetAsync(BotTestHost.TenantId, "tool", default);

    private string Last => Host.SentTo(BotTestHost.Promoter).Last().AllText;

    [Fact]
    public async Task The_settings_card_offers_pickers_with_a_plain_summary_and_biweekly_sends_every_other_week()
    {
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.SettingsFormVerb, initiativeId = "tool" });
        var card = Host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("現在の配信：毎週月曜 10:00（各自のタイムゾーン）", card.AllText);
        Assert.Contains("隔週", card.AllText);
        Assert.Contains("毎月（第1週の曜日）", card.AllText);
        Assert.Contains("詳細設定（cron 式）", card.AllText);
        var json = card.Card!.ToJsonString();
        Assert.Contains("Input.Time", json);
        Assert.Contains("\"id\":\"frequency\"", json);

        // Nothing has gone out yet: the pulse card says so in words, not with a dash.
        await Host.SayAsync(BotTestHost.Promoter, "pulse");
        Assert.Contains("未設定", Host.SentTo(BotTestHost.Promoter)[^2].AllText);

        await SaveAsync("biweekly", "3", "14:00");
        // The confirmation says what was saved.
        Assert.Contains("経費精算システム のアンケート設定を保存しました：隔週水曜 14:00（各自のタイムゾーン）、回答期間 3営業日（配信中）。", Last);
        var saved = (await StoredAsync())!;
        Assert.Equal(("0 14 * * 3", PulseFrequency.Biweekly), (saved.Cron, saved.Frequency));
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RemoveQuestionVerb, initiativeId = "tool", questionId = "comment", etag = saved.ETag.ToString() });
        Assert.Contains("経費精算システム のアンケートから質問を削除しました（全4問）。", Last);
        await Host.SayAsync(BotTestHost.Promoter, "pulse");
        var admin = Host.SentTo(BotTestHost.Promoter)[^2].AllText;
        Assert.Contains("隔週水曜 14:00（各自のタイムゾーン）", admin);
        // Chosen on Tuesday 11/24: that week's Wednesday, then every other one.
        Assert.Contains("11/25（水）14:00 / 12/9（水）14:00 / 12/23（水）14:00", admin);

        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 5, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Single(kit.Surveys(BotTestHost.Staff));
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 2, 5, 30, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Single(kit.Surveys(BotTestHost.Staff));
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 9, 5, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.Equal(2, kit.Surveys(BotTestHost.Staff).Count);
    }

    [Fact]
    public async Task Monthly_is_the_first_weekday_of_the_month_and_cron_stays_as_the_advanced_option()
    {
        await SaveAsync("monthly", "1", "10:00");
        var saved = (await StoredAsync())!;
        Assert.Equal("0 10 * * 1#1", saved.Cron);
        await Host.SayAsync(BotTestHost.Promoter, "pulse");
        var admin = Host.SentTo(BotTestHost.Promoter)[^2].AllText;
        Assert.Contains("毎月第1月曜 10:00（各自のタイムゾーン）", admin);
        Assert.Contains("12/7（月）10:00 / 1/4（月）10:00 / 2/1（月）10:00", admin);

        Etag = saved.ETag.ToString();
        await SaveAsync("custom", "1", "10:00", "0 10 1,15 * *");
        saved = (await StoredAsync())!;
        Assert.Equal(("0 10 1,15 * *", PulseFrequency.Custom), (saved.Cron, saved.Frequency));
        await Host.SayAsync(BotTestHost.Promoter, "pulse");
        Assert.Contains("cron「0 10 1,15 * *」", Host.SentTo(BotTestHost.Promoter)[^2].AllText);

        // In English the summary reads in English.
        Etag = saved.ETag.ToString();
        await SaveAsync("weekly", "5", "09:30");
        var english = PulseSchedule.Describe(TeamsDxBot.Localization.Texts.English, (await StoredAsync())!);
        Assert.Equal("Every Friday at 09:30 (each person's time zone)", english);
    }

    [Fact]
    public async Task Bad_combinations_get_a_clear_message_and_nothing_is_saved()
    {
        await SaveAsync("weekly", "1", "22:00");
        Assert.Contains("配信時刻は業務時間内", Last);
        await SaveAsync("weekly", "6", "10:00");
        Assert.Contains("月曜〜金曜から選んでください", Last);
        await SaveAsync("weekly", "1", "");
        Assert.Contains("配信時刻を選んでください", Last);
        await SaveAsync("custom", "1", "10:00", "0 10 * * 6");
        Assert.Contains("平日に一度も配信されません", Last);
        await SaveAsync("custom", "1", "10:00", "0 3 * * 1");
        Assert.Contains("業務時間外", Last);
        await SaveAsync("custom", "1", "10:00", "");
        Assert.Contains("cron 式が正しくありません", Last);
        await SaveAsync("sometimes", "1", "10:00");
        Assert.Contains("カード", Last);
        Assert.Null(await StoredAsync());
    }
}
