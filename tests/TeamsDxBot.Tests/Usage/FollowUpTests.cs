using TeamsDxBot.Delivery;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Usage;
using static TeamsDxBot.Tests.Usage.FollowUpTestKit;

namespace TeamsDxBot.Tests.Usage;

/// <summary>The key users' follow-up list: who is on it, the marks, who may press them, names by setting, the weekly push.</summary>
public sealed class FollowUpTests : IAsyncLifetime
{
    private FollowUpTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public Task InitializeAsync() => Task.CompletedTask;

    private async Task StartAsync(string? namesVisibleTo = null) =>
        kit = await FollowUpTestKit.StartAsync(namesVisibleTo is null ? null : new Dictionary<string, string> { ["Usage:NamesVisibleTo"] = namesVisibleTo });

    public async Task DisposeAsync() => await kit.DisposeAsync();

    private string LastText(TestUser user) => Host.SentTo(user).Last().AllText;

    [Fact]
    public async Task A_key_user_sees_who_never_started_or_lapsed_in_their_own_department_in_their_language()
    {
        await StartAsync();

        await Host.SayAsync(KeyUser, "follow-up");

        var (all, _) = kit.LastCard(KeyUser);
        Assert.Contains("Follow-up: 経費精算システム", all);
        Assert.Contains("Usage data up to the week of Mon 11/16.", all);
        Assert.Contains("Not started: 2 · Lapsed: 1", all);
        Assert.Contains("社員 花子", all);
        Assert.Contains("Emma Brown", all);
        Assert.Contains("**営業 三郎**\nLapsed (last used Wed 11/4)", all);
        // Those who use it, and other departments, are not on the list.
        Assert.DoesNotContain("営業 四郎", all);
        Assert.DoesNotContain("Alex Smith", all);
        Assert.DoesNotContain("製造 一子", all);
        // The lapsed (who once had the habit) come first.
        Assert.True(all.IndexOf("営業 三郎", StringComparison.Ordinal) < all.IndexOf("社員 花子", StringComparison.Ordinal));
        var buttons = Buttons(Host.SentTo(KeyUser).Last().Card);
        Assert.Contains((Lapsed.AadObjectId, FollowUpCards.Contacted), buttons);
        Assert.Contains((NeverStarted.AadObjectId, FollowUpCards.NotNeeded), buttons);

        await Host.SayAsync(PlantKeyUser, "フォローアップ");
        var plant = kit.LastCard(PlantKeyUser).All;
        Assert.Contains("フォローアップ：経費精算システム", plant);
        Assert.Contains("未開始 1人・離脱 0人", plant);
        Assert.Contains("**製造 一子**\n未開始（利用の記録なし）", plant);
        Assert.DoesNotContain("社員 花子", plant);
        Assert.Contains("声をかけた", plant);
    }

    [Fact]
    public async Task Marks_are_remembered_by_the_next_list_and_those_who_came_back_are_counted()
    {
        await StartAsync();

        await kit.MarkAsync(KeyUser, Lapsed, FollowUpCards.Contacted);
        Assert.Equal("Marked 営業 三郎 as contacted.", Host.SentTo(KeyUser).Last().Text);
        // The pressed card is redrawn with the mark.
        var redrawn = Host.SentTo(KeyUser)[^2];
        Assert.Equal("update", redrawn.Kind);
        Assert.Contains("Contacted on Tue 11/24 (Alex Smith)", redrawn.AllText);

        await kit.MarkAsync(KeyUser, NeverStarted, FollowUpCards.NotNeeded);
        Assert.Contains("Marked 社員 花子 as not needed", LastText(KeyUser));

        // A week later, the next list remembers both.
        Host.Clock.Advance(TimeSpan.FromDays(7));
        await Host.SayAsync(KeyUser, "follow-up");
        var (all, visible) = kit.LastCard(KeyUser);
        Assert.Contains("**営業 三郎**\nLapsed (last used Wed 11/4)\nContacted on Tue 11/24 (Alex Smith)", visible);
        Assert.Contains("0 of the 1 people contacted have used it since.", visible);
        // Not needed: out of the list and its counts, collapsed with a way back.
        Assert.Contains("Not started: 1 · Lapsed: 1", visible);
        Assert.DoesNotContain("社員 花子", visible);
        Assert.Contains("Show 1 not needed", visible);
        Assert.Contains("**社員 花子**\nNot started (no use on record)\nMarked not needed on Tue 11/24 (Alex Smith)", all);
        Assert.Contains((NeverStarted.AadObjectId, FollowUpCards.Clear), Buttons(Host.SentTo(KeyUser).Last().Card));

        // Undo brings her back.
        await kit.MarkAsync(KeyUser, NeverStarted, FollowUpCards.Clear);
        Assert.Contains("The mark on 社員 花子 was removed.", LastText(KeyUser));
        Assert.False((await kit.MarksAsync()).ContainsKey(NeverStarted.AadObjectId));
        var afterUndo = Host.SentTo(KeyUser)[^2].AllText;
        Assert.Contains("Not started: 2 · Lapsed: 1", afterUndo);
        Assert.DoesNotContain("Show 1 not needed", afterUndo);
        Assert.DoesNotContain("Marked not needed", afterUndo);

        // 三郎 uses it again on Wednesday after being contacted: he leaves the list and counts as come back.
        var thisWeek = new DateOnly(2026, 11, 30);
        await Host.Get<UsageWeekRepository>().ReplaceWeeksAsync(BotTestHost.TenantId, Tool, [thisWeek],
            [Row(Lapsed, thisWeek, 1, new DateOnly(2026, 12, 2)), Row(Habitual, thisWeek, 3), Row(KeyUser, thisWeek, 3), Row(PlantKeyUser, thisWeek, 3)], default);
        Host.Clock.Advance(TimeSpan.FromDays(2));
        await Host.SayAsync(KeyUser, "follow-up");
        var later = kit.LastCard(KeyUser).Visible;
        Assert.Contains("Usage data up to the week of Mon 11/30.", later);
        Assert.Contains("1 of the 1 people contacted have used it since.", later);
        Assert.DoesNotContain("営業 三郎", later);
        Assert.Contains("Not started: 2 · Lapsed: 0", later);
    }

    [Fact]
    public async Task Only_the_departments_key_users_and_promoters_change_marks_and_a_stale_card_changes_nothing()
    {
        await StartAsync();

        // Another department's key user, and plain staff, pressing a crafted or forwarded button.
        await kit.MarkAsync(PlantKeyUser, NeverStarted, FollowUpCards.NotNeeded);
        Assert.Equal("この人の部署のキーユーザーでも推進担当でもないため、何も変えていません。", Host.SentTo(PlantKeyUser).Last().Text);
        await kit.MarkAsync(Habitual, NeverStarted, FollowUpCards.NotNeeded);
        Assert.Equal("この人の部署のキーユーザーでも推進担当でもないため、何も変えていません。", Host.SentTo(Habitual).Last().Text);
        Assert.Empty(await kit.MarksAsync());

        // Alex's card from before he handed sales over.
        await Host.SayAsync(KeyUser, "follow-up");
        await kit.SetAsync(KeyUser, p => p with { KeyUserOf = new HashSet<string>() });
        var before = Host.SentTo(KeyUser).Count;
        await kit.MarkAsync(KeyUser, Lapsed, FollowUpCards.Contacted);
        Assert.Equal("You are not a key user of this person's department or a promoter, so nothing was changed.", Host.SentTo(KeyUser).Last().Text);
        Assert.Equal(before + 1, Host.SentTo(KeyUser).Count);
        Assert.Empty(await kit.MarksAsync());

        // A promoter may mark anyone.
        await kit.MarkAsync(BotTestHost.Promoter, PlantNeverStarted, FollowUpCards.Contacted);
        Assert.Contains("製造 一子", Host.SentTo(BotTestHost.Promoter)[^2].AllText);
        var mark = (await kit.MarksAsync())[PlantNeverStarted.AadObjectId];
        Assert.Equal((FollowUpMarkKind.Contacted, BotTestHost.Promoter.AadObjectId), (mark.Kind, mark.ById));

        // Nonsense changes nothing.
        await kit.MarkAsync(BotTestHost.Promoter, Lapsed, "delete-all");
        Assert.Contains("古くなっています", LastText(BotTestHost.Promoter));
        Assert.Single(await kit.MarksAsync());
    }

    [Fact]
    public async Task Promoters_get_any_department_and_key_users_only_their_own()
    {
        await StartAsync();

        await Host.SayAsync(BotTestHost.Promoter, "フォローアップ");
        Assert.Contains("フォローアップ：部署を選ぶ", LastText(BotTestHost.Promoter));
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = FollowUpCards.ShowVerb, departmentId = kit.Plant });
        var plant = kit.LastCard(BotTestHost.Promoter).All;
        Assert.Contains("製造 一子", plant);
        Assert.DoesNotContain("社員 花子", plant);

        await Host.SayAsync(BotTestHost.Promoter, "フォローアップ 営業部");
        Assert.Contains("社員 花子", kit.LastCard(BotTestHost.Promoter).All);
        await Host.SayAsync(BotTestHost.Promoter, "フォローアップ 総務部");
        Assert.Contains("部署「総務部」が見つかりません", LastText(BotTestHost.Promoter));

        await Host.SayAsync(KeyUser, "follow-up 製造部");
        Assert.Equal("You are not a key user of 製造部, so its list is not shown.", Host.SentTo(KeyUser).Last().Text);
        await Host.SubmitAsync(KeyUser, new { verb = FollowUpCards.ShowVerb, departmentId = kit.Plant });
        Assert.Equal("This card is out of date. Please run the command again.", Host.SentTo(KeyUser).Last().Text);

        await Host.SayAsync(NeverStarted, "フォローアップ");
        Assert.Contains("権限がありません", LastText(NeverStarted));

        // An executive sees any department, as counts only, and cannot mark.
        await kit.SetAsync(Habitual, p => p with { IsExecutive = true });
        await Host.SayAsync(Habitual, "フォローアップ 営業部");
        var executive = kit.LastCard(Habitual).All;
        Assert.Contains("未開始 2人・離脱 1人", executive);
        Assert.Contains("経営層には、部署ごとの人数だけを表示します（名前は表示しません）。", executive);
        Assert.DoesNotContain("社員 花子", executive);
        await kit.MarkAsync(Habitual, Lapsed, FollowUpCards.Contacted);
        Assert.Contains("何も変えていません", LastText(Habitual));
        Assert.Empty(await kit.MarksAsync());
    }

    [Fact]
    public async Task With_names_for_promoters_only_key_users_get_counts_and_cannot_mark()
    {
        await StartAsync("Promoters");

        await Host.SayAsync(KeyUser, "follow-up");
        var (all, _) = kit.LastCard(KeyUser);
        Assert.Contains("Not started: 2 · Lapsed: 1", all);
        Assert.Contains("Names are shown to promoters only in this organisation's settings, so you see counts only.", all);
        Assert.DoesNotContain("社員 花子", all);
        Assert.DoesNotContain("営業 三郎", all);
        Assert.Empty(Buttons(Host.SentTo(KeyUser).Last().Card));
        await kit.MarkAsync(KeyUser, Lapsed, FollowUpCards.Contacted);
        Assert.Equal("Names are no longer shown to you, so nothing was changed.", Host.SentTo(KeyUser).Last().Text);
        Assert.Empty(await kit.MarksAsync());

        await Host.SayAsync(BotTestHost.Promoter, "フォローアップ 営業部");
        Assert.Contains("社員 花子", kit.LastCard(BotTestHost.Promoter).All);
    }

    [Fact]
    public async Task With_names_for_nobody_even_promoters_get_counts_only()
    {
        await StartAsync("Nobody");

        await Host.SayAsync(BotTestHost.Promoter, "フォローアップ 営業部");
        var all = kit.LastCard(BotTestHost.Promoter).All;
        Assert.Contains("未開始 2人・離脱 1人", all);
        Assert.Contains("名前は誰にも表示しない設定のため、人数だけを表示しています。", all);
        Assert.DoesNotContain("社員 花子", all);
        Assert.Empty(Buttons(Host.SentTo(BotTestHost.Promoter).Last().Card));
        await kit.MarkAsync(BotTestHost.Promoter, Lapsed, FollowUpCards.Contacted);
        Assert.Equal("名前を表示しない設定になったため、何も変えていません。", Host.SentTo(BotTestHost.Promoter).Last().Text);
        Assert.Empty(await kit.MarksAsync());
    }

    [Fact]
    public async Task The_weekly_list_reaches_each_key_user_once_even_when_two_instances_run_it_twice()
    {
        await StartAsync();
        await using var second = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Usage:FollowUp:CheckInterval"] = "30.00:00:00" },
            tablePrefix: Host.TablePrefix, connector: Host.Connector);

        // Sunday: not due yet.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 29, 3, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await Host.Get<FollowUpPush>().RunAsync(default));

        // Monday 10:05 in Tokyo: both instances run the job, one of them twice.
        var monday = new DateTimeOffset(2026, 11, 30, 1, 5, 0, TimeSpan.Zero);
        Host.Clock.SetUtcNow(monday);
        second.Clock.SetUtcNow(monday);
        await Task.WhenAll(Host.Get<FollowUpPush>().RunAsync(default), second.Get<FollowUpPush>().RunAsync(default));
        await Host.Get<FollowUpPush>().RunAsync(default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        Assert.Single(Host.SentTo(KeyUser), c => c.AllText.Contains("Follow-up: 経費精算システム", StringComparison.Ordinal));
        var plant = Assert.Single(Host.SentTo(PlantKeyUser), c => c.AllText.Contains("フォローアップ：経費精算システム", StringComparison.Ordinal));
        Assert.Contains("製造 一子", plant.AllText);
        Assert.DoesNotContain(Host.SentTo(BotTestHost.Promoter), c => c.AllText.Contains("フォローアップ：", StringComparison.Ordinal));
        Assert.DoesNotContain(Host.SentTo(NeverStarted), c => c.AllText.Contains("フォローアップ：", StringComparison.Ordinal));

        // The next day's runs send nothing more.
        Host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await Host.Get<FollowUpPush>().RunAsync(default));
    }

    [Fact]
    public async Task Marks_are_in_the_personal_data_export_and_go_with_a_deletion()
    {
        await StartAsync();
        await kit.MarkAsync(KeyUser, Lapsed, FollowUpCards.Contacted);
        await kit.MarkAsync(KeyUser, NeverStarted, FollowUpCards.NotNeeded);
        var data = Host.Get<TeamsDxBot.Privacy.PersonData>();

        var export = System.Text.Encoding.UTF8.GetString(await data.ExportAsync(BotTestHost.TenantId, NeverStarted.AadObjectId, default));
        Assert.Contains("\"Kind\": \"NotNeeded\"", export);
        Assert.Contains("\"SetBy\": \"Alex Smith\"", export);

        // Her mark goes with her; those Alex set stay for the department, without his name.
        await data.DeleteAsync(BotTestHost.TenantId, NeverStarted.AadObjectId, default);
        await data.DeleteAsync(BotTestHost.TenantId, KeyUser.AadObjectId, default);
        var mark = Assert.Single(await kit.MarksAsync()).Value;
        Assert.Equal((Lapsed.AadObjectId, "deleted", "deleted"), (mark.PersonId, mark.ById, mark.ByName));
    }
}
