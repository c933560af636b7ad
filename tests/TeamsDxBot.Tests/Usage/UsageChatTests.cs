using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Metrics.MetricsTestKit;
using static TeamsDxBot.Tests.Usage.UsageTestKit;

namespace TeamsDxBot.Tests.Usage;

/// <summary>The clock is Tuesday 2026-11-24 10:00 in Tokyo: the current week starts on Monday 2026-11-23.</summary>
public sealed class UsageChatTests : IAsyncLifetime
{
    private static readonly DateOnly Nov9 = new(2026, 11, 9);
    private static readonly DateOnly Nov16 = new(2026, 11, 16);

    private BotTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        await SeedAsync(host);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private string LastReply(TestUser user) => host.SentTo(user).Last().AllText;

    [Fact]
    public async Task Active_days_with_Japanese_headers_in_any_order_are_stored_per_person_and_week()
    {
        const string csv = """
            日付,回数,メールアドレス
            2026/11/16,5,STAFF@contoso.example
            2026-11-18,2,staff@contoso.example
            2026-11-18,1,staff@contoso.example
            2026-11-10,7,staff@contoso.example
            2026-11-20,3,promoter@contoso.example
            2026-11-19,0,promoter@contoso.example
            """;

        await ImportAsync(host, BotTestHost.Promoter, csv);

        var stored = await WeeksAsync(host);
        Assert.Equal(3, stored.Count);
        var staffWeek = Week(stored, BotTestHost.Staff, Nov16);
        Assert.Equal((2, new DateOnly(2026, 11, 18), (int?)8), (staffWeek.ActiveDays, staffWeek.LastActive, staffWeek.Uses));
        Assert.Equal(1, Week(stored, BotTestHost.Staff, Nov9).ActiveDays);
        // A count of 0 is not a day of use.
        var promoterWeek = Week(stored, BotTestHost.Promoter, Nov16);
        Assert.Equal((1, new DateOnly(2026, 11, 20)), (promoterWeek.ActiveDays, promoterWeek.LastActive));
        Assert.Empty(await WeeksAsync(host, Chat));

        var reply = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Equal("update", reply.Kind);
        Assert.Contains("「経費精算システム」の利用状況を2人分取り込みました", reply.AllText);
        Assert.Contains("2週分（2026-11-09, 2026-11-16 の週）を置き換えました", reply.AllText);
        Assert.DoesNotContain("登録されていない", reply.AllText);
    }

    [Fact]
    public async Task A_user_list_with_English_headers_counts_one_day_in_the_company_week_of_the_last_login()
    {
        await SetEmployeeIdAsync(host, BotTestHost.Staff, "E1001");
        // 23:30 UTC on Sunday 22nd is Monday 23rd 08:30 in Tokyo: this week, not last week.
        const string csv = """
            Display Name,Employee ID,Department,Last Login
            社員 花子,e1001,営業部,2026-11-22T23:30:00Z
            推進 太郎,,推進室,
            """;
        const string withUpn = "UPN\tLast Login\npromoter@contoso.example\t2026/11/17 9:15";

        await ImportAsync(host, BotTestHost.Promoter, csv);
        await ImportAsync(host, BotTestHost.Promoter, withUpn);

        var stored = await WeeksAsync(host);
        var staff = Week(stored, BotTestHost.Staff, new DateOnly(2026, 11, 23));
        Assert.Equal((1, new DateOnly(2026, 11, 23), (int?)null), (staff.ActiveDays, staff.LastActive, staff.Uses));
        var promoter = Week(stored, BotTestHost.Promoter, Nov16);
        Assert.Equal((1, new DateOnly(2026, 11, 17)), (promoter.ActiveDays, promoter.LastActive));
        Assert.Equal(2, stored.Count);
        Assert.Contains("1人分取り込みました", LastReply(BotTestHost.Promoter));
    }

    [Fact]
    public async Task Rows_for_unknown_people_are_listed_by_line_and_the_rest_counted_not_guessed()
    {
        var lines = new List<string> { "email,date" };
        lines.AddRange(Enumerable.Range(1, 25).Select(i => $"someone{i}@contoso.example,2026-11-17"));
        // Close to a known address, but not it: never matched.
        lines.Add("staff@contoso.exampl,2026-11-17");
        lines.Add("staff@contoso.example,2026-11-17");

        await ImportAsync(host, BotTestHost.Promoter, string.Join("\n", lines));

        var stored = Assert.Single(await WeeksAsync(host));
        Assert.Equal(BotTestHost.Staff.AadObjectId, stored.PersonId);
        var reply = LastReply(BotTestHost.Promoter);
        Assert.Contains("登録されていない人の行26件は取り込みませんでした：2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21行目 ほか6件", reply);
    }

    [Fact]
    public async Task One_bad_line_stores_nothing_and_says_which_line_and_column()
    {
        await ImportAsync(host, BotTestHost.Promoter, "email,date\nstaff@contoso.example,2026-11-10");
        const string bad = "email,date,count\nstaff@contoso.example,2026-11-16,1\npromoter@contoso.example,2026-13-01,2\nstaff@contoso.example,2026-11-17,たくさん\n,2026-11-17,1\nstaff@contoso.example,2026-12-01,1";

        await ImportAsync(host, BotTestHost.Promoter, bad);

        var reply = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Equal("reply", reply.Kind);
        Assert.Contains("利用状況に4件の問題があります", reply.AllText);
        Assert.Contains("何も保存していません", reply.AllText);
        Assert.Contains("3行目：日付の列「2026-13-01」は日付（YYYY-MM-DD または YYYY/MM/DD）にしてください", reply.AllText);
        Assert.Contains("4行目：回数の列「たくさん」は0以上の整数にしてください", reply.AllText);
        Assert.Contains("5行目：メールアドレスも社員番号も空欄です", reply.AllText);
        Assert.Contains("6行目：日付の列「2026-12-01」は未来の日付です", reply.AllText);
        // The form comes back filled in, and the earlier import is untouched.
        Assert.Equal(bad, InputValue(reply, "csv"));
        var stored = Assert.Single(await WeeksAsync(host));
        Assert.Equal(new DateOnly(2026, 11, 10), stored.LastActive);
    }

    [Fact]
    public async Task A_header_without_a_date_or_last_login_column_is_refused_in_English_too()
    {
        await host.SayAsync(BotTestHost.EnglishStaff, "help");
        await host.Get<TeamsDxBot.Directory.PersonRepository>().UpdateAsync(BotTestHost.TenantId, BotTestHost.EnglishStaff.AadObjectId, p => p with { IsPromoter = true }, default);

        await ImportAsync(host, BotTestHost.EnglishStaff, "email,department\nstaff@contoso.example,Sales");

        var reply = LastReply(BotTestHost.EnglishStaff);
        Assert.Contains("Line 1: a date column (date) or a last-active column (last active, last login) is needed", reply);
        Assert.Contains("Nothing was stored", reply);
        Assert.Empty(await WeeksAsync(host));
    }

    [Fact]
    public async Task Sending_a_week_again_replaces_that_week_and_leaves_other_weeks()
    {
        await ImportAsync(host, BotTestHost.Promoter,
            "email,date\nstaff@contoso.example,2026-11-10\nstaff@contoso.example,2026-11-16\nstaff@contoso.example,2026-11-17\npromoter@contoso.example,2026-11-18");

        await ImportAsync(host, BotTestHost.Promoter, "email,date\nstaff@contoso.example,2026-11-19");

        var stored = await WeeksAsync(host);
        Assert.Equal(2, stored.Count);
        Assert.Equal(1, Week(stored, BotTestHost.Staff, Nov9).ActiveDays);
        var replaced = Week(stored, BotTestHost.Staff, Nov16);
        Assert.Equal((1, new DateOnly(2026, 11, 19)), (replaced.ActiveDays, replaced.LastActive));
        Assert.DoesNotContain(stored, u => u.PersonId == BotTestHost.Promoter.AadObjectId);
        Assert.Empty(await host.Get<TeamsDxBot.Usage.UsageWeekRepository>().ListPersonAsync(BotTestHost.TenantId, Expenses, BotTestHost.Promoter.AadObjectId, default));
        Assert.Contains("これらの週にあった以前の1件を削除", LastReply(BotTestHost.Promoter));
    }

    [Fact]
    public async Task Staff_cannot_open_the_import_or_send_it()
    {
        await host.SayAsync(BotTestHost.Staff, "利用状況取り込み");
        Assert.Contains("DX推進担当者だけ", LastReply(BotTestHost.Staff));

        await ImportAsync(host, BotTestHost.Staff, "email,date\nstaff@contoso.example,2026-11-16");

        Assert.Contains("権限がありません", LastReply(BotTestHost.Staff));
        Assert.Empty(await WeeksAsync(host));
    }

    [Fact]
    public async Task The_import_card_opens_for_a_promoter_with_the_initiatives()
    {
        await host.SayAsync(BotTestHost.Promoter, "利用状況取り込み");

        var card = LastReply(BotTestHost.Promoter);
        Assert.Contains("利用状況の取り込み", card);
        Assert.Contains("経費精算システム", card);
        Assert.Contains("社内チャット", card);
    }

    [Fact]
    public async Task Import_usage_in_two_words_opens_the_usage_import_not_the_roster_import()
    {
        await host.SayAsync(BotTestHost.Promoter, "import usage");

        var card = LastReply(BotTestHost.Promoter);
        Assert.Contains("利用状況の取り込み", card);
        Assert.DoesNotContain("名簿", card);
    }

    [Fact]
    public async Task My_usage_shows_a_person_only_their_own_weeks()
    {
        await ImportAsync(host, BotTestHost.Promoter, """
            email,date
            staff@contoso.example,2026-11-16
            staff@contoso.example,2026-11-18
            staff@contoso.example,2026-09-01
            promoter@contoso.example,2026-11-20
            promoter@contoso.example,2026-11-21
            promoter@contoso.example,2026-11-22
            """);

        await host.SayAsync(BotTestHost.Staff, "利用状況 promoter@contoso.example");

        var card = LastReply(BotTestHost.Staff);
        Assert.Contains("あなたの利用状況", card);
        Assert.Contains("最終利用日：2026-11-18", card);
        Assert.Contains("2026-11-16 の週", card);
        Assert.Contains("2日", card);
        // Eight weeks up to this one: 2026-10-05 is the oldest shown, so September's day is not listed.
        Assert.Contains("2026-10-05 の週", card);
        Assert.DoesNotContain("2026-09-28 の週", card);
        Assert.DoesNotContain("3日", card);
        Assert.DoesNotContain("2026-11-22", card);
        // The other initiative has nothing for them.
        Assert.Contains("社内チャット", card);
        Assert.Contains("まだ利用の記録はありません", card);

        await host.SayAsync(BotTestHost.EnglishStaff, "my usage");
        var english = LastReply(BotTestHost.EnglishStaff);
        Assert.Contains("Your usage", english);
        Assert.DoesNotContain("Last active", english);
        Assert.Contains("No usage recorded yet.", english);
    }
}
