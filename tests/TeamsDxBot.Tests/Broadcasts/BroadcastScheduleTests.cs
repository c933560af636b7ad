using TeamsDxBot.Broadcasts;
using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Broadcasts.BroadcastTestKit;

namespace TeamsDxBot.Tests.Broadcasts;

/// <summary>Scheduled and series broadcasts with the fake clock: the author's zone, editing, cancelling, and sending on time.</summary>
public sealed class BroadcastScheduleTests : IAsyncLifetime
{
    private const string LosAngeles = "America/Los_Angeles";
    private BroadcastTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await StartAsync();
        await kit.SetUpCompanyAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private async Task<Broadcast> TitledAsync(string title) => Assert.Single(await kit.AllAsync(), b => b.Title == title);

    [Fact]
    public async Task Times_are_the_authors_wall_clock_across_a_daylight_saving_change_and_a_schedule_can_be_edited_and_cancelled_before_it_goes_out()
    {
        // The author's Teams client is in Los Angeles (PST until 2027-03-14 02:00, then PDT).
        await kit.SayAsync(Executive, "help", LosAngeles);
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "週次のお知らせ", departmentIds: kit.Sales, timing: BroadcastTiming.Weekly,
            date: "2027-03-01", weekday: "1", time: "09:00", count: "3"), LosAngeles);
        var weekly = await TitledAsync("週次のお知らせ");
        Assert.Equal(BroadcastStatus.Scheduled, weekly.Status);
        Assert.Equal(LosAngeles, weekly.TimeZone);
        Assert.Equal([Utc(2027, 3, 1, 17), Utc(2027, 3, 8, 17), Utc(2027, 3, 15, 16)], weekly.Occurrences.Select(o => o.At));
        var scheduled = Host.SentTo(Executive).Last();
        Assert.Equal("update", scheduled.Kind);
        Assert.Contains("お知らせ「週次のお知らせ」を予約しました", scheduled.AllText);
        Assert.Contains("3/1（月）09:00", scheduled.AllText);
        Assert.Contains("3/15（月）09:00", scheduled.AllText);
        Assert.Contains(LosAngeles, scheduled.AllText);

        // 02:30 does not exist on 2027-03-14 in Los Angeles: it goes out when the clocks show 03:00.
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "夏時間の朝", departmentIds: kit.Sales, timing: BroadcastTiming.Once,
            date: "2027-03-14", time: "02:30"), LosAngeles);
        Assert.Equal(Utc(2027, 3, 14, 10), Assert.Single((await TitledAsync("夏時間の朝")).Occurrences).At);

        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "明日の朝会", departmentIds: kit.Sales, timing: BroadcastTiming.Once,
            date: "2026-11-25", time: "09:00"), LosAngeles);
        var meeting = await TitledAsync("明日の朝会");
        Assert.Equal(Utc(2026, 11, 25, 17), Assert.Single(meeting.Occurrences).At);

        // Edit: another time and title; a card from before the edit is refused.
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "明日の朝会は10時から", departmentIds: kit.Sales, timing: BroadcastTiming.Once,
            date: "2026-11-25", time: "10:00", broadcastId: meeting.Id, etag: meeting.ETag.ToString()), LosAngeles);
        var edited = await kit.Host.Get<BroadcastRepository>().GetAsync(BotTestHost.TenantId, meeting.Id, default);
        Assert.Equal("明日の朝会は10時から", edited!.Title);
        Assert.Equal(Utc(2026, 11, 25, 18), Assert.Single(edited.Occurrences).At);
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "古いカード", departmentIds: kit.Sales, timing: BroadcastTiming.Once,
            date: "2026-11-25", time: "11:00", broadcastId: meeting.Id, etag: meeting.ETag.ToString()), LosAngeles);
        Assert.Contains(Host.SentTo(Executive).TakeLast(2), c => c.AllText.Contains("その間に他の人が変更しました", StringComparison.Ordinal));
        Assert.Equal("明日の朝会は10時から", (await kit.Host.Get<BroadcastRepository>().GetAsync(BotTestHost.TenantId, meeting.Id, default))!.Title);

        await kit.SayAsync(Executive, "お知らせ", LosAngeles);
        var list = Host.SentTo(Executive).Last().AllText;
        Assert.Contains("予約済み", list);
        // On the author's own clock, so no zone is named.
        Assert.Contains("11/25（水）10:00", list);
        Assert.DoesNotContain("America/Los_Angeles", list);

        // A minute before: nothing. Then cancelled, and nothing after its time either.
        Host.Clock.SetUtcNow(Utc(2026, 11, 25, 17, 59));
        await kit.TickAsync();
        Assert.All(Everyone, u => Assert.Empty(kit.Received(u, "明日の朝会は10時から")));
        await kit.SubmitAsync(Executive, Action(BroadcastCards.CancelVerb, meeting.Id, BroadcastCards.FromList), LosAngeles);
        Assert.Contains("「明日の朝会は10時から」を取り消しました", Host.SentTo(Executive).Last().AllText);
        Assert.Equal(BroadcastStatus.Cancelled, (await TitledAsync("明日の朝会は10時から")).Status);
        Host.Clock.SetUtcNow(Utc(2026, 11, 25, 19));
        await kit.TickAsync();
        Assert.All(Everyone, u => Assert.Empty(kit.Received(u, "明日の朝会は10時から")));
        Assert.Equal(0, (await kit.ReportAsync(meeting.Id, 1)).Queued);
        await kit.SubmitAsync(Executive, Action(BroadcastCards.ComposeVerb, meeting.Id), LosAngeles);
        Assert.Contains("変更できません", Host.SentTo(Executive).Last().AllText);
        await kit.SubmitAsync(Executive, Action(BroadcastCards.SendNowVerb, meeting.Id), LosAngeles);
        Assert.Contains("変更できません", Host.SentTo(Executive).Last().AllText);
        await kit.RunEngineAsync();
        Assert.All(Everyone, u => Assert.Empty(kit.Received(u, "明日の朝会は10時から")));
    }

    [Fact]
    public async Task First_Monday_of_each_month_six_times_sends_each_message_once_at_its_time_with_a_report_per_message()
    {
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "月初のひとこと", departmentIds: kit.Sales, timing: BroadcastTiming.Monthly,
            monthlyRule: "1", weekday: "1", date: "2026-12-01", time: "10:00", count: "6"));
        var series = await kit.OnlyAsync();
        Assert.Equal([Utc(2026, 12, 7, 1), Utc(2027, 1, 4, 1), Utc(2027, 2, 1, 1), Utc(2027, 3, 1, 1), Utc(2027, 4, 5, 1), Utc(2027, 5, 3, 1)],
            series.Occurrences.Select(o => o.At));

        Host.Clock.SetUtcNow(Utc(2026, 12, 7, 0, 59));
        await kit.TickAsync();
        Assert.Empty(kit.Received(BotTestHost.Staff, "月初のひとこと"));
        Host.Clock.SetUtcNow(Utc(2026, 12, 7, 1));
        await kit.TickAsync();
        await kit.TickAsync();
        foreach (var user in SalesPeople)
        {
            Assert.Single(kit.Received(user, "月初のひとこと"));
        }
        Assert.Single(Host.SentTo(Executive), c => c.Text?.Contains("お知らせ「月初のひとこと」の1/6回目を4人に送っています", StringComparison.Ordinal) == true);
        await kit.SubmitAsync(BotTestHost.Staff, AckData(kit.Received(BotTestHost.Staff, "月初のひとこと")[0]));

        await Host.SayAsync(Executive, "お知らせ");
        var list = Host.SentTo(Executive).Last().AllText;
        Assert.Contains("1 / 6回", list);
        Assert.Contains("1/4（月）10:00", list);
        Assert.DoesNotContain("Asia/Tokyo", list);
        Assert.DoesNotContain("JST", list);

        Host.Clock.SetUtcNow(Utc(2027, 1, 4, 1, 30));
        await kit.TickAsync();
        foreach (var user in SalesPeople)
        {
            Assert.Equal(2, kit.Received(user, "月初のひとこと").Count);
        }
        var second = kit.Received(BotTestHost.Staff, "月初のひとこと")[1];
        Assert.Equal("2", AckData(second)["occurrence"]);
        // Acknowledging the series again from its second message counts the person once.
        await kit.SubmitAsync(BotTestHost.Staff, AckData(second));
        Assert.Contains("ありがとうございます", Host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Single(await kit.AcksAsync(series.Id));
        Assert.Equal(4, (await kit.ReportAsync(series.Id, 1)).Sent);
        Assert.Equal(4, (await kit.ReportAsync(series.Id, 2)).Sent);
        Assert.Equal(0, (await kit.ReportAsync(series.Id, 3)).Queued);
        var stored = await kit.OnlyAsync();
        Assert.Equal(BroadcastStatus.Scheduled, stored.Status);
        Assert.Equal(Utc(2027, 2, 1, 1), stored.NextAt);

        await Host.SayAsync(Executive, "お知らせ");
        list = Host.SentTo(Executive).Last().AllText;
        Assert.Contains("1回目", list);
        Assert.Contains("2回目", list);
        Assert.Contains("送信 4 · 失敗 0 · 届かない 0 · 送信待ち 0", list);
    }

    [Fact]
    public async Task Day_31_and_chosen_dates_are_stored_as_their_instants_and_bad_schedules_store_nothing()
    {
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "月末の締め", departmentIds: kit.Sales, timing: BroadcastTiming.Monthly,
            monthlyRule: BroadcastTimings.DayRule, day: "31", date: "2027-01-01", time: "17:00", count: "6"));
        Assert.Equal([Utc(2027, 1, 31, 8), Utc(2027, 2, 28, 8), Utc(2027, 3, 31, 8), Utc(2027, 4, 30, 8), Utc(2027, 5, 31, 8), Utc(2027, 6, 30, 8)],
            (await TitledAsync("月末の締め")).Occurrences.Select(o => o.At));
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "研修の案内", departmentIds: kit.Sales, timing: BroadcastTiming.Dates,
            dates: "2027-01-15\n2026-12-10\n\n2026-12-10", time: "08:30"));
        Assert.Equal([Utc(2026, 12, 9, 23, 30), Utc(2027, 1, 14, 23, 30)], (await TitledAsync("研修の案内")).Occurrences.Select(o => o.At));

        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "過去", departmentIds: kit.Sales, timing: BroadcastTiming.Once, date: "2026-11-23", time: "09:00"));
        Assert.Contains("送信日時は今より後にしてください（2026-11-23 09:00、Asia/Tokyo）", Host.SentTo(Executive).Last().AllText);
        var many = string.Join("\n", Enumerable.Range(1, 25).Select(i => new DateOnly(2027, 1, 1).AddDays(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "多すぎ", departmentIds: kit.Sales, timing: BroadcastTiming.Dates, dates: many));
        Assert.Contains("シリーズで送れるのは24回までです", Host.SentTo(Executive).Last().AllText);
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "打ち間違い", departmentIds: kit.Sales, timing: BroadcastTiming.Dates, dates: "2027-01-05\n2027/01/12"));
        Assert.Contains("送る日の一覧の2行目「2027/01/12」は日付（YYYY-MM-DD）ではありません", Host.SentTo(Executive).Last().AllText);
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "回数", departmentIds: kit.Sales, timing: BroadcastTiming.Weekly, date: "2027-01-05", count: "25"));
        Assert.Contains("回数は1〜24回で指定してください", Host.SentTo(Executive).Last().AllText);
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "謎のタイミング", departmentIds: kit.Sales, timing: "yearly"));
        Assert.Contains("いつ送るかを選んでください。", Host.SentTo(Executive).Last().AllText);
        Assert.Equal(2, (await kit.AllAsync()).Count);
    }
}
