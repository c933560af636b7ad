using TeamsDxBot.Delivery;
using TeamsDxBot.Nudges;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Pulse;

namespace TeamsDxBot.Tests.Nudges;

/// <summary>Nudge rules fire exactly when their conditions hold, within quiet hours and the daily cap.</summary>
public sealed class NudgeTests : IAsyncLifetime
{
    private static readonly TestUser S3 = new("aad-s3", "営業 三郎", "s3@contoso.example");
    private static readonly TestUser S4 = new("aad-s4", "営業 四郎", "s4@contoso.example");
    private static readonly TestUser Executive = new("aad-exec", "社長 太郎", "ceo@contoso.example");
    private static readonly TestUser[] Plant = [new("aad-p1", "製造 一子", "p1@contoso.example"), new("aad-p2", "製造 二子", "p2@contoso.example"), new("aad-p3", "製造 三子", "p3@contoso.example")];
    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartAsync(int dailyCap = 2)
    {
        kit = await PulseTestKit.StartAsync(new Dictionary<string, string> { ["Anonymity:Threshold"] = "3", ["Nudges:DailyCap"] = dailyCap.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await kit.SetUpCompanyAsync([S3, S4, Executive, .. Plant]);
        await kit.SetAsync(Executive, p => p with { IsExecutive = true, PulsePausedUntil = new DateOnly(2027, 12, 31) });
        foreach (var user in new[] { BotTestHost.Staff, S3, S4 })
        {
            await kit.SetAsync(user, p => p with { DepartmentId = kit.Sales });
        }
        await kit.SetAsync(BotTestHost.EnglishStaff, p => p with { DepartmentId = kit.Sales, KeyUserOf = new HashSet<string> { kit.Sales } });
        foreach (var user in Plant)
        {
            await kit.SetAsync(user, p => p with { DepartmentId = kit.Plant });
        }
        var settings = await Host.Get<PulseScheduler>().SettingsAsync(kit.Tool, default);
        await Host.Get<PulseSettingsRepository>().SaveAsync(settings with { Enabled = false }, default);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Two weekly runs: sales uses it except 花子 (not at all, twice); the plant hardly at all.</summary>
    private async Task TwoRunsAsync()
    {
        foreach (var (start, close) in new[] { (new DateTimeOffset(2026, 11, 24, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 27, 1, 6, 0, TimeSpan.Zero)),
                                              (new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 1, 6, 0, TimeSpan.Zero)) })
        {
            Host.Clock.SetUtcNow(start);
            await Host.Get<PulseScheduler>().RunNowAsync(kit.Tool, default);
            await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
            await kit.SubmitAsync(BotTestHost.Staff, kit.LastSurveyData(BotTestHost.Staff), PulseTestKit.Answers("none", "2", blocker: "howto"));
            foreach (var user in new[] { BotTestHost.EnglishStaff, S3, S4 })
            {
                await kit.SubmitAsync(user, kit.LastSurveyData(user), PulseTestKit.Answers("daily", "4"));
            }
            await kit.SubmitAsync(Plant[0], kit.LastSurveyData(Plant[0]), PulseTestKit.Answers("once", "2", blocker: "slower"));
            foreach (var user in Plant[1..])
            {
                await kit.SubmitAsync(user, kit.LastSurveyData(user), PulseTestKit.Answers("none", "1", blocker: "slower", fallback: "yes"));
            }
            Host.Clock.SetUtcNow(close);
            await kit.TickAsync();
        }
    }

    private async Task<int> NudgeAsync()
    {
        var sent = await Host.Get<NudgeEngine>().TickAsync(default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        return sent;
    }

    private IReadOnlyList<RecordedCallText> Nudges(TestUser user, string text) =>
        Host.SentTo(user).Select(c => new RecordedCallText(c.AllText)).Where(c => c.Text.Contains(text, StringComparison.Ordinal)).ToList();

    private sealed record RecordedCallText(string Text);

    [Fact]
    public async Task Two_not_at_all_answers_and_a_department_at_risk_twice_nudge_the_right_people_once()
    {
        await StartAsync();
        await TwoRunsAsync();
        // Thursday 10:06 JST: inside business hours.
        await NudgeAsync();

        var note = Assert.Single(Nudges(BotTestHost.Staff, "使ってみませんか")).Text;
        Assert.Contains("キーユーザーの Alex Smith さん", note);
        Assert.Contains("キーユーザーに質問する", note);
        Assert.Empty(Nudges(S3, "使ってみませんか"));
        Assert.Empty(Nudges(Plant[0], "使ってみませんか"));

        var atRisk = Assert.Single(Nudges(BotTestHost.Promoter, "製造部：経費精算システム の利用が伸び悩んでいます")).Text;
        Assert.Contains("2回続けて「要注意」です", atRisk);
        Assert.Contains("前のやり方より遅い", atRisk);
        Assert.Contains("改善項目を登録", atRisk);
        Assert.Empty(Nudges(BotTestHost.Promoter, "営業部：経費精算システム"));

        // The note's button asks the key user directly.
        await Host.SubmitAsync(BotTestHost.Staff, new { verb = QuestionCards.SendVerb, initiativeId = "tool", urgent = "false", text = "承認の回し方がわかりません" });
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Contains("承認の回し方がわかりません", Host.SentTo(BotTestHost.EnglishStaff).Last().AllText);

        // Nothing twice: the same conditions an hour later send nothing new.
        Host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await NudgeAsync());

        await Host.SayAsync(BotTestHost.Promoter, "ナッジ");
        var log = Host.SentTo(BotTestHost.Promoter).Last().AllText;
        // The note went to the person, but the promoter only learns how many: the pulse was anonymous.
        Assert.Contains("2回続けて「使わなかった」人へのひと声（月1回まで）\n3人（匿名の回答がきっかけのため、名前は表示しません）", log);
        Assert.DoesNotContain("社員 花子", log);
        Assert.DoesNotContain("ひと声（月1回まで） →", log);
        // Nor is the name kept in the log itself.
        var stored = await Host.Get<NudgeLog>().RecentAsync(BotTestHost.TenantId, DateTimeOffset.UnixEpoch, int.MaxValue, default);
        Assert.All(stored.Where(e => e.Rule == NudgeRuleKeys.NotUsing), e => Assert.Equal("", e.Name));
        Assert.Contains(stored, e => e.Rule == NudgeRuleKeys.NotUsing);
        Assert.Contains("2回続けて目標未達・要注意の部署（キーユーザーと推進担当へ） → 推進 太郎", log);
    }

    [Fact]
    public async Task Each_person_is_nudged_in_their_own_hours_and_a_key_user_off_hours_is_still_named()
    {
        await StartAsync(dailyCap: 5);
        await TwoRunsAsync();
        // Both key users work from New York: Thursday 10:06 JST is Wednesday 20:06 there.
        await kit.SetAsync(BotTestHost.EnglishStaff, p => p with { TimeZone = "America/New_York" });
        await kit.SetAsync(Plant[1], p => p with { TimeZone = "America/New_York", KeyUserOf = new HashSet<string> { kit.Plant } });
        await NudgeAsync();

        // The note names the sales key user although it is night where he is.
        Assert.Contains("キーユーザーの Alex Smith さん", Assert.Single(Nudges(BotTestHost.Staff, "使ってみませんか")).Text);
        Assert.Single(Nudges(BotTestHost.Promoter, "製造部：経費精算システム の利用が伸び悩んでいます"));
        Assert.Empty(Nudges(Plant[1], "利用が伸び悩んでいます"));

        // Thursday 10:06 in New York: the plant's key user gets it, with a tips draft for the department.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 15, 6, 0, TimeSpan.Zero));
        await NudgeAsync();
        var forKeyUser = Assert.Single(Nudges(Plant[1], "製造部：経費精算システム の利用が伸び悩んでいます")).Text;
        Assert.Contains("部署にコツを送る", forKeyUser);
        Assert.Single(Nudges(BotTestHost.Promoter, "製造部：経費精算システム の利用が伸び悩んでいます"));
        var draft = Assert.Single(await Host.Get<TeamsDxBot.Broadcasts.BroadcastRepository>().ListAsync(BotTestHost.TenantId, default),
            b => b.AuthorId == Plant[1].AadObjectId);
        Assert.Equal([kit.Plant], draft.DepartmentIds);
        Assert.Contains("コツ", draft.Title);
    }

    [Fact]
    public async Task Quiet_hours_weekends_and_switched_off_rules_send_nothing()
    {
        await StartAsync();
        await TwoRunsAsync();
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero)); // 18:00 JST
        Assert.Equal(0, await NudgeAsync());
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 5, 2, 0, 0, TimeSpan.Zero)); // Saturday 11:00 JST
        Assert.Equal(0, await NudgeAsync());

        await Host.SubmitAsync(BotTestHost.Staff, new { verb = NudgeCards.ToggleVerb, rule = NudgeRuleKeys.NotUsing, enabled = "false" });
        Assert.Contains("権限", Host.SentTo(BotTestHost.Staff).Last().AllText);
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = NudgeCards.ToggleVerb, rule = NudgeRuleKeys.NotUsing, enabled = "false" });
        Assert.Contains("オフにしました", Host.SentTo(BotTestHost.Promoter).Last().AllText);

        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 0, 30, 0, TimeSpan.Zero)); // Monday 09:30 JST
        await NudgeAsync();
        Assert.Empty(Nudges(BotTestHost.Staff, "使ってみませんか"));
        Assert.Single(Nudges(BotTestHost.Promoter, "伸び悩んでいます"));
    }

    [Fact]
    public async Task Overdue_questions_and_escalations_respect_the_daily_cap()
    {
        await StartAsync(dailyCap: 1);
        await TwoRunsAsync();
        // A question to the sales key user, never answered: overdue, then escalated to the promoters.
        await Host.SubmitAsync(S3, new { verb = QuestionCards.SendVerb, text = "経費の締め日は？", urgent = "false" });
        Host.Clock.Advance(TimeSpan.FromDays(2));
        await Host.Get<QuestionService>().CheckDeadlinesAsync(default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero)); // Monday 10:00 JST

        await NudgeAsync();
        Assert.Single(Nudges(BotTestHost.EnglishStaff, "Questions past due: 1."));
        // The promoter qualifies for two nudges (department at risk, unanswered escalation) but the cap is one a day.
        var first = Nudges(BotTestHost.Promoter, "伸び悩んでいます").Count + Nudges(BotTestHost.Promoter, "エスカレーションされた質問").Count;
        Assert.Equal(1, first);

        Host.Clock.Advance(TimeSpan.FromDays(1));
        await NudgeAsync();
        Assert.Single(Nudges(BotTestHost.Promoter, "伸び悩んでいます"));
        Assert.Single(Nudges(BotTestHost.Promoter, "エスカレーションされた質問があります"));
        // Overdue questions nudge once a day, so the key user hears again the next day.
        Assert.Equal(2, Nudges(BotTestHost.EnglishStaff, "past due").Count);
    }

    [Fact]
    public async Task Executives_get_the_figures_with_a_ready_draft_once_a_month_and_can_send_it_in_one_click()
    {
        await StartAsync();
        await TwoRunsAsync();
        await NudgeAsync();
        var card = Host.SentTo(Executive).Last(c => c.AllText.Contains("今月のメッセージのお願い", StringComparison.Ordinal));
        Assert.Contains("経費精算システム の週1回以上の利用率は 57%（目標 70%）", card.AllText);
        Assert.Contains("要注意", card.AllText);
        var send = card.Card!["actions"]!.AsArray().Select(a => a!["data"]!.AsObject()).First(d => d["verb"]!.GetValue<string>() == "broadcast.sendNow");

        await Host.SubmitAsync(Executive, new { verb = "broadcast.sendNow", broadcastId = send["broadcastId"]!.GetValue<string>() });
        await Host.Get<TeamsDxBot.Broadcasts.BroadcastScheduler>().TickAsync(default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Contains(Host.SentTo(S3), c => c.AllText.Contains("経費精算システム、みんなで使っていきましょう", StringComparison.Ordinal));
        Assert.NotNull(await Host.Get<TeamsDxBot.Broadcasts.BroadcastService>().LastExecutiveSendAsync(BotTestHost.TenantId, default));

        // Once a month: later the same month brings nothing new; the next month does.
        Host.Clock.Advance(TimeSpan.FromDays(1));
        await NudgeAsync();
        Assert.Single(Host.SentTo(Executive), c => c.AllText.Contains("今月のメッセージのお願い", StringComparison.Ordinal));
        Host.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 4, 1, 0, 0, TimeSpan.Zero));
        await NudgeAsync();
        Assert.Equal(2, Host.SentTo(Executive).Count(c => c.AllText.Contains("今月のメッセージのお願い", StringComparison.Ordinal)));

        // Skipping January drops its draft too: nothing left over in the executive's drafts.
        var january = Host.SentTo(Executive).Last(c => c.AllText.Contains("今月のメッセージのお願い", StringComparison.Ordinal)).Card!;
        var skip = january["actions"]!.AsArray().Single(a => a!["data"]!["verb"]!.GetValue<string>() == NudgeCards.SkipVerb)!["data"]!;
        await Host.SubmitAsync(Executive, new { verb = NudgeCards.SkipVerb, broadcastId = skip["broadcastId"]!.GetValue<string>() });
        Assert.Contains("見送りました", Host.SentTo(Executive).Last().AllText);
        var all = await Host.Get<TeamsDxBot.Broadcasts.BroadcastRepository>().ListAsync(BotTestHost.TenantId, default);
        Assert.DoesNotContain(all, b => b.AuthorId == Executive.AadObjectId && b.Status == TeamsDxBot.Broadcasts.BroadcastStatus.Draft);
        Assert.Equal(TeamsDxBot.Broadcasts.BroadcastStatus.Cancelled, all.Single(b => b.Id == skip["broadcastId"]!.GetValue<string>()).Status);
    }

    [Fact]
    public async Task The_promoter_hears_when_no_executive_message_went_out_for_30_days()
    {
        await StartAsync();
        // Went live 2026-11-24; 29 days later nothing, 34 days later (Monday 10:00 JST) the promoter is told once.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 23, 1, 0, 0, TimeSpan.Zero));
        await NudgeAsync();
        Assert.DoesNotContain(Host.SentTo(BotTestHost.Promoter), c => c.AllText.Contains("経営層のメッセージが途絶えています", StringComparison.Ordinal));
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 28, 1, 0, 0, TimeSpan.Zero));
        await NudgeAsync();
        var told = Assert.Single(Host.SentTo(BotTestHost.Promoter), c => c.AllText.Contains("経営層のメッセージが途絶えています", StringComparison.Ordinal));
        Assert.Contains("導入から 34日", told.AllText);
        Assert.DoesNotContain(Host.SentTo(S3), c => c.AllText.Contains("途絶えています", StringComparison.Ordinal));
        Host.Clock.Advance(TimeSpan.FromDays(1));
        await NudgeAsync();
        Assert.Single(Host.SentTo(BotTestHost.Promoter), c => c.AllText.Contains("経営層のメッセージが途絶えています", StringComparison.Ordinal));

        // An executive speaks: the silence is over, and the count starts again from that message.
        var executive = (await Host.Get<TeamsDxBot.Directory.PersonRepository>().GetAsync(BotTestHost.TenantId, Executive.AadObjectId, default))!;
        var draft = await Host.Get<TeamsDxBot.Broadcasts.BroadcastService>().CreateDraftAsync(executive,
            new TeamsDxBot.Broadcasts.BroadcastDraft("年末のご挨拶", "今年もありがとうございました。", TeamsDxBot.Broadcasts.BroadcastAudience.Everyone, [], null, false), default);
        await Host.SubmitAsync(Executive, new { verb = "broadcast.sendNow", broadcastId = draft.Id });
        await Host.Get<TeamsDxBot.Broadcasts.BroadcastScheduler>().TickAsync(default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Host.Clock.Advance(TimeSpan.FromDays(20));
        await NudgeAsync();
        Assert.Single(Host.SentTo(BotTestHost.Promoter), c => c.AllText.Contains("経営層のメッセージが途絶えています", StringComparison.Ordinal));
        Host.Clock.Advance(TimeSpan.FromDays(11));
        await NudgeAsync();
        Assert.Equal(2, Host.SentTo(BotTestHost.Promoter).Count(c => c.AllText.Contains("経営層のメッセージが途絶えています", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Two_instances_ticking_at_once_send_each_nudge_once()
    {
        await StartAsync();
        await TwoRunsAsync();
        await using var second = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Anonymity:Threshold"] = "3" },
            tablePrefix: Host.TablePrefix, connector: Host.Connector);
        second.Clock.SetUtcNow(Host.Clock.GetUtcNow());
        var sent = await Task.WhenAll(Host.Get<NudgeEngine>().TickAsync(default), second.Get<NudgeEngine>().TickAsync(default), Host.Get<NudgeEngine>().TickAsync(default));
        // Each instance's engine sends what it claims; together they drain the queue.
        await Task.WhenAll(Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default), second.Get<DeliveryEngine>().RunAsync(untilIdle: true, default));
        Assert.Single(Nudges(BotTestHost.Staff, "使ってみませんか"));
        Assert.Single(Nudges(BotTestHost.Promoter, "伸び悩んでいます"));
        Assert.Single(Host.SentTo(Executive), c => c.AllText.Contains("今月のメッセージのお願い", StringComparison.Ordinal));
        Assert.All(Plant[1..], p => Assert.Single(Nudges(p, "使ってみませんか")));
        // 花子 and the two in the plant who said "not at all" twice, the promoter, the executive: five, once each.
        Assert.Equal(5, sent.Sum());
    }
}
