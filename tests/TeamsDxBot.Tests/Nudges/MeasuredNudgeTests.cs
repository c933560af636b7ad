using TeamsDxBot.Delivery;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Nudges;
using TeamsDxBot.Questions;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Usage;
using static TeamsDxBot.Tests.Usage.FollowUpTestKit;

namespace TeamsDxBot.Tests.Nudges;

/// <summary>The measured nudge rule: who gets the note, how often, its switch, and its question box.</summary>
public sealed class MeasuredNudgeTests : IAsyncLifetime
{
    private const string JapaneseTitle = "経費精算システムで困っていることはありませんか？";
    private const string EnglishTitle = "Anything in the way with 経費精算システム?";

    private FollowUpTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync() => kit = await FollowUpTestKit.StartAsync();

    public async Task DisposeAsync() => await kit.DisposeAsync();

    private async Task<int> NudgeAsync()
    {
        var sent = await Host.Get<NudgeEngine>().TickAsync(default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        return sent;
    }

    private IReadOnlyList<string> Notes(TestUser user) =>
        Host.SentTo(user).Select(c => c.AllText).Where(t => t.Contains(JapaneseTitle, StringComparison.Ordinal) || t.Contains(EnglishTitle, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Those_who_never_started_or_lapsed_get_one_note_a_month_naming_their_key_user_and_active_people_none()
    {
        // Tuesday 2026-11-24 10:00 in Tokyo, eight weeks after go-live.
        await NudgeAsync();

        var never = Assert.Single(Notes(NeverStarted));
        Assert.Contains("経費精算システムが始まってしばらく経ちましたが、まだ使った記録がありません。", never);
        Assert.Contains("キーユーザーの Alex Smith さんに気軽に聞いてください", never);
        Assert.Contains("キーユーザーに質問する", never);
        Assert.Contains("最近、経費精算システムを使った記録がありません（最後の利用は 11/4（水））。", Assert.Single(Notes(Lapsed)));
        Assert.Contains("ask your key user Alex Smith", Assert.Single(Notes(EnglishNeverStarted)));
        Assert.Contains("キーユーザーの 製造 二子 さん", Assert.Single(Notes(PlantNeverStarted)));
        // Someone with no key user is told where the question goes instead.
        Assert.Contains("推進担当に届きます", Assert.Single(Notes(BotTestHost.Promoter)));
        foreach (var active in new[] { Habitual, KeyUser, PlantKeyUser })
        {
            Assert.Empty(Notes(active));
        }

        // Later the same month: nothing again.
        Host.Clock.Advance(TimeSpan.FromHours(2));
        await NudgeAsync();
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
        await NudgeAsync();
        Assert.Single(Notes(NeverStarted));

        // The next month, once more for whoever still has not started.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero));
        await NudgeAsync();
        Assert.Equal(2, Notes(NeverStarted).Count);
        Assert.Empty(Notes(Habitual));

        // The promoters' log counts the notes without names.
        await Host.SayAsync(BotTestHost.Promoter, "ナッジ");
        var log = Host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("利用データで未開始・離脱の人へのひと声（月1回まで）\n10人（利用データがきっかけのため、名前は表示しません）", log);
        Assert.DoesNotContain("社員 花子", log);
    }

    [Fact]
    public async Task A_tool_live_for_under_two_weeks_nudges_only_the_lapsed_and_stale_data_nobody()
    {
        var initiatives = Host.Get<InitiativeRepository>();
        var tool = (await initiatives.GetAsync(BotTestHost.TenantId, Tool, default))!;
        await initiatives.ReplaceAsync(tool with { GoLive = new DateOnly(2026, 11, 16) }, default);

        await NudgeAsync();
        Assert.Single(Notes(Lapsed));
        Assert.Empty(Notes(NeverStarted));

        // Newest data three weeks behind: nobody is nudged from it.
        await initiatives.ReplaceAsync((await initiatives.GetAsync(BotTestHost.TenantId, Tool, default))! with { GoLive = GoLive }, default);
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 8, 1, 0, 0, TimeSpan.Zero));
        await NudgeAsync();
        Assert.Empty(Notes(NeverStarted));
        Assert.Single(Notes(Lapsed));
    }

    [Fact]
    public async Task The_rule_has_its_switch_on_the_nudges_card_and_sends_nothing_while_off()
    {
        await Host.SayAsync(BotTestHost.Promoter, "ナッジ");
        Assert.Contains("利用データで未開始・離脱の人へのひと声（月1回まで）\nオン", Host.SentTo(BotTestHost.Promoter).Last().AllText);

        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = NudgeCards.ToggleVerb, rule = NudgeRuleKeys.MeasuredUsage, enabled = "false" });
        Assert.Contains("「利用データで未開始・離脱の人へのひと声（月1回まで）」をオフにしました。", Host.SentTo(BotTestHost.Promoter).Last().AllText);
        await NudgeAsync();
        Assert.Empty(Notes(NeverStarted));

        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = NudgeCards.ToggleVerb, rule = NudgeRuleKeys.MeasuredUsage, enabled = "true" });
        Host.Clock.Advance(TimeSpan.FromHours(2));
        await NudgeAsync();
        Assert.Single(Notes(NeverStarted));
    }

    [Fact]
    public async Task The_notes_box_asks_the_key_user_a_question()
    {
        await NudgeAsync();
        var note = Host.SentTo(NeverStarted).Last(c => c.AllText.Contains(JapaneseTitle, StringComparison.Ordinal));
        var data = note.Card!["actions"]![0]!["data"]!.AsObject();

        // What Teams sends when she types in the box and presses the button: the button's data and the input.
        await Host.SubmitAsync(NeverStarted, new
        {
            verb = data["verb"]!.GetValue<string>(),
            initiativeId = data["initiativeId"]!.GetValue<string>(),
            urgent = data["urgent"]!.GetValue<string>(),
            text = "申請の出し方がわかりません",
        });
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        var question = Assert.Single(await Host.Get<QuestionRepository>().ListAsync(BotTestHost.TenantId, default));
        Assert.Equal((NeverStarted.AadObjectId, Tool, "申請の出し方がわかりません"), (question.AskerId, question.InitiativeId, question.Text));
        Assert.Equal([KeyUser.AadObjectId], question.AssigneeIds);
        Assert.Contains("申請の出し方がわかりません", Host.SentTo(KeyUser).Last().AllText);
    }
}
