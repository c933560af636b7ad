using TeamsDxBot.Initiatives;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Usage;
using static TeamsDxBot.Tests.Usage.UsageReportTestKit;

namespace TeamsDxBot.Tests.Usage;

/// <summary>The measured usage on the report cards and behind their buttons, by who is reading (see <see cref="UsageReportTestKit"/>).</summary>
public sealed class UsageReportTests : IAsyncLifetime
{
    private BotTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        await UsageReportTestKit.SeedAsync(host);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>Asks for the report and returns the card about the expenses tool.</summary>
    private async Task<FakeConnector.RecordedCall> ReportAsync(TestUser user, string word = "レポート", string tool = "経費精算システム")
    {
        await host.SayAsync(user, word);
        return host.SentTo(user).Last(c => c.AllText.Contains(tool, StringComparison.Ordinal));
    }

    private FakeConnector.RecordedCall Last(TestUser user) => host.SentTo(user).Last();

    [Fact]
    public async Task The_promoter_sees_measured_rates_with_the_pulse_status_rule_counts_and_the_launch_curve()
    {
        await ImportAsync(host);

        var card = await ReportAsync(BotTestHost.Promoter);

        Assert.Contains("実測の利用状況（11/23（月）の週）", card.AllText);
        // Sales has stayed at 1 of 3 for six weeks: short of 70% by January. Plant is at 100%.
        Assert.Equal(["営業部", "要注意", "33% 1/3", "—", "+0.0"], Row(card, "実測", "営業部"));
        Assert.Equal(["製造部", "順調", "100% 3/3", "—", "+33.3"], Row(card, "実測", "製造部"));
        // Never started, lapsed, habitual, new this week.
        Assert.Equal(["全社", "2", "1", "3", "2"], Row(card, "未開始", "全社"));
        Assert.Equal(["営業部", "1", "1", "1", "0"], Row(card, "未開始", "営業部"));
        Assert.Equal(["製造部", "0", "0", "2", "1"], Row(card, "未開始", "製造部"));
        Assert.True(HasVerb(card, UsageReportCards.NamesVerb));
        Assert.True(HasVerb(card, UsageReportCards.CsvVerb));
        // No pulse yet, so nothing said to compare with, and no gap pointed out.
        Assert.DoesNotContain("ポイント）", card.AllText);

        var png = await DownloadAsync(host, Link(card, "launch-") ?? throw new InvalidOperationException("no launch curve: " + card.AllText));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Contains("横軸は稼働開始（10/1（木））の週からの週数", card.AllText);

        // The target date passes: sales is below target now, plant still on track.
        var initiatives = host.Get<InitiativeRepository>();
        var tool = (await initiatives.GetAsync(BotTestHost.TenantId, Metrics.MetricsTestKit.Expenses, default))!;
        await initiatives.ReplaceAsync(tool with { TargetDate = new DateOnly(2026, 11, 20) }, default);
        var later = await ReportAsync(BotTestHost.Promoter);
        Assert.Equal("目標未達", Row(later, "実測", "営業部")[1]);
        Assert.Equal("順調", Row(later, "実測", "製造部")[1]);
    }

    [Fact]
    public async Task An_initiative_without_imported_usage_shows_no_measured_heading()
    {
        await ImportAsync(host, Metrics.MetricsTestKit.Chat);

        var expenses = await ReportAsync(BotTestHost.Promoter);
        var chat = host.SentTo(BotTestHost.Promoter).Last(c => c.AllText.Contains("社内チャット", StringComparison.Ordinal));

        Assert.DoesNotContain("実測", expenses.AllText);
        Assert.DoesNotContain(UsageReportCards.CsvVerb, expenses.Card!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("実測の利用状況", chat.AllText);
    }

    [Fact]
    public async Task Staff_see_none_of_it_and_its_buttons_refuse_them()
    {
        await ImportAsync(host);

        var card = await ReportAsync(BotTestHost.Staff);
        Assert.DoesNotContain("実測", card.AllText);
        Assert.DoesNotContain("未開始", card.AllText);

        await host.SubmitAsync(BotTestHost.Staff, new { verb = UsageReportCards.NamesVerb, initiativeId = Metrics.MetricsTestKit.Expenses });
        Assert.Contains("権限がありません", Last(BotTestHost.Staff).AllText);
        await host.SubmitAsync(BotTestHost.Staff, new { verb = UsageReportCards.CsvVerb, initiativeId = Metrics.MetricsTestKit.Expenses, kind = UsageReportCards.FiguresCsv });
        Assert.Contains("権限がありません", Last(BotTestHost.Staff).AllText);
        Assert.Null(Link(Last(BotTestHost.Staff)));
    }

    [Fact]
    public async Task An_executive_sees_every_department_and_never_a_name()
    {
        await ImportAsync(host);

        var card = await ReportAsync(Executive);
        Assert.Equal("営業部", Row(card, "実測", "営業部")[0]);
        Assert.Equal("製造部", Row(card, "実測", "製造部")[0]);
        Assert.False(HasVerb(card, UsageReportCards.NamesVerb));
        Assert.True(HasVerb(card, UsageReportCards.CsvVerb));
        Assert.DoesNotContain("営業 三郎", card.AllText);

        await host.SubmitAsync(Executive, new { verb = UsageReportCards.NamesVerb, initiativeId = Metrics.MetricsTestKit.Expenses });
        Assert.Contains("権限がありません", Last(Executive).AllText);
        await host.SubmitAsync(Executive, new { verb = UsageReportCards.CsvVerb, initiativeId = Metrics.MetricsTestKit.Expenses, kind = UsageReportCards.PeopleCsv });
        Assert.Contains("権限がありません", Last(Executive).AllText);

        await host.SubmitAsync(Executive, new { verb = UsageReportCards.CsvVerb, initiativeId = Metrics.MetricsTestKit.Expenses, kind = UsageReportCards.FiguresCsv });
        var lines = CsvLines(await DownloadAsync(host, Link(Last(Executive))!));
        Assert.Contains("2026-11-23,製造部,3,3,100.0,1,2,0,0", lines);
        Assert.DoesNotContain(lines, l => l.Contains("三郎", StringComparison.Ordinal) || l.Contains('@'));
    }

    [Fact]
    public async Task A_key_user_sees_only_their_department_and_its_names_in_English()
    {
        await ImportAsync(host);

        var card = await ReportAsync(BotTestHost.EnglishStaff, "report");
        Assert.Contains("Measured usage (week of Mon 11/23)", card.AllText);
        Assert.Equal(["営業部", "At risk", "33% 1/3", "—", "+0.0"], Row(card, "Measured", "営業部"));
        Assert.Equal("Company", Row(card, "Measured", "Company")[0]);
        Assert.DoesNotContain("製造部", card.AllText);
        Assert.True(HasVerb(card, UsageReportCards.NamesVerb));

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = UsageReportCards.NamesVerb, initiativeId = Metrics.MetricsTestKit.Expenses });
        var names = Last(BotTestHost.EnglishStaff).AllText;
        Assert.Contains("Never started (1)", names);
        Assert.Contains("営業 三郎", names);
        Assert.Contains("Alex Smith (last active 2026-10-05)", names);
        Assert.DoesNotContain("社長 太郎", names);
        Assert.DoesNotContain("製造", names);

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = UsageReportCards.CsvVerb, initiativeId = Metrics.MetricsTestKit.Expenses, kind = UsageReportCards.FiguresCsv });
        var figures = CsvLines(await DownloadAsync(host, Link(Last(BotTestHost.EnglishStaff))!));
        Assert.Equal("Week (Monday),Department,Headcount,Active,Active rate (%),New this week,Habitual,Lapsed,Never started", figures[0]);
        Assert.Contains("2026-11-23,営業部,3,1,33.3,0,1,1,1", figures);
        Assert.Contains("2026-11-23,Company,8,5,62.5,2,3,1,2", figures);
        Assert.DoesNotContain(figures, l => l.Contains("製造部", StringComparison.Ordinal));

        await host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = UsageReportCards.CsvVerb, initiativeId = Metrics.MetricsTestKit.Expenses, kind = UsageReportCards.PeopleCsv });
        var people = CsvLines(await DownloadAsync(host, Link(Last(BotTestHost.EnglishStaff))!));
        Assert.Equal("Week (Monday),Department,Name,Email,Standing,Last active,Active weeks of last 4", people[0]);
        Assert.Contains("2026-11-23,営業部,営業 三郎,s3@contoso.example,Never started,,0", people);
        Assert.Contains("2026-11-23,営業部,Alex Smith,alex@contoso.example,Lapsed,2026-10-05,0", people);
        Assert.Equal(3, people.Length);
    }

    [Fact]
    public async Task The_promoter_gets_every_week_as_CSV_in_Japanese_and_the_named_lists_with_people_without_a_department()
    {
        await ImportAsync(host);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = UsageReportCards.CsvVerb, initiativeId = Metrics.MetricsTestKit.Expenses, kind = UsageReportCards.FiguresCsv });
        var reply = Last(BotTestHost.Promoter);
        Assert.Contains("27行をCSVにしました", reply.AllText);
        var figures = CsvLines(await DownloadAsync(host, Link(reply)!));
        Assert.Equal("週（月曜）,部署,人数,利用者数,利用率（%）,今週開始,定着,離脱,未開始", figures[0]);
        // Nine weeks, from the go-live week (9/28) to the newest imported, for the company and two departments.
        Assert.Equal(28, figures.Length);
        Assert.Equal("2026-09-28,全社,8,0,0.0,0,0,0,8", figures[1]);
        Assert.Contains("2026-11-23,全社,8,5,62.5,2,3,1,2", figures);
        Assert.Contains("2026-11-23,営業部,3,1,33.3,0,1,1,1", figures);
        Assert.Contains("2026-11-23,製造部,3,3,100.0,1,2,0,0", figures);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = UsageReportCards.NamesVerb, initiativeId = Metrics.MetricsTestKit.Expenses });
        var names = Last(BotTestHost.Promoter);
        Assert.Contains("経費精算システム：未開始・離脱の人（11/23（月）の週）", names.AllText);
        Assert.Contains("営業 三郎", names.AllText);
        Assert.Contains("Alex Smith（最終利用 2026-10-05）", names.AllText);
        Assert.Contains("部署未設定", names.AllText);
        Assert.Contains("社長 太郎", names.AllText);
        Assert.DoesNotContain("製造 一子", names.AllText);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = UsageReportCards.CsvVerb, initiativeId = Metrics.MetricsTestKit.Expenses, kind = UsageReportCards.PeopleCsv });
        var people = CsvLines(await DownloadAsync(host, Link(Last(BotTestHost.Promoter))!));
        Assert.Equal("週（月曜）,部署,氏名,メールアドレス,状態,最終利用日,直近4週の利用週数", people[0]);
        Assert.Contains("2026-11-23,営業部,営業 三郎,s3@contoso.example,未開始,,0", people);
        Assert.Contains("2026-11-23,部署未設定,社長 太郎,ceo@contoso.example,未開始,,0", people);
        Assert.Equal(4, people.Length);
    }

    [Fact]
    public async Task Nobody_in_the_setting_hides_names_from_promoters_and_key_users()
    {
        await using var nobody = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Usage:NamesVisibleTo"] = "Nobody" });
        await UsageReportTestKit.SeedAsync(nobody);
        await ImportAsync(nobody);

        foreach (var user in new[] { BotTestHost.Promoter, BotTestHost.EnglishStaff })
        {
            await nobody.SayAsync(user, "report");
            var card = nobody.SentTo(user).Last(c => c.AllText.Contains("経費精算システム", StringComparison.Ordinal));
            Assert.NotEmpty(Tables(card));
            Assert.False(HasVerb(card, UsageReportCards.NamesVerb));
            Assert.True(HasVerb(card, UsageReportCards.CsvVerb));

            await nobody.SubmitAsync(user, new { verb = UsageReportCards.NamesVerb, initiativeId = Metrics.MetricsTestKit.Expenses });
            Assert.DoesNotContain("営業 三郎", nobody.SentTo(user).Last().AllText);
            await nobody.SubmitAsync(user, new { verb = UsageReportCards.CsvVerb, initiativeId = Metrics.MetricsTestKit.Expenses, kind = UsageReportCards.PeopleCsv });
            Assert.Null(Link(nobody.SentTo(user).Last()));
        }
        Assert.Contains("権限がありません", nobody.SentTo(BotTestHost.Promoter).Last().AllText);
    }

    [Fact]
    public async Task My_usage_adds_the_department_figures_for_promoters_and_key_users_but_not_for_staff()
    {
        await ImportAsync(host);

        await host.SayAsync(BotTestHost.Promoter, "利用状況");
        var promoter = host.SentTo(BotTestHost.Promoter).TakeLast(2).ToList();
        Assert.Contains("あなたの利用状況", promoter[0].AllText);
        Assert.Contains("経費精算システム の利用状況（実測）", promoter[1].AllText);
        Assert.Equal("製造部", Row(promoter[1], "実測", "製造部")[0]);
        Assert.True(HasVerb(promoter[1], UsageReportCards.NamesVerb));
        Assert.NotNull(Link(promoter[1], "launch-"));

        await host.SayAsync(BotTestHost.EnglishStaff, "my usage");
        var keyUser = host.SentTo(BotTestHost.EnglishStaff).Last();
        Assert.Contains("経費精算システム: measured usage", keyUser.AllText);
        Assert.Equal("営業部", Row(keyUser, "Measured", "営業部")[0]);
        Assert.DoesNotContain("製造部", keyUser.AllText);

        var before = host.SentTo(BotTestHost.Staff).Count;
        await host.SayAsync(BotTestHost.Staff, "利用状況");
        Assert.Equal(before + 1, host.SentTo(BotTestHost.Staff).Count);
        Assert.Contains("あなたの利用状況", Last(BotTestHost.Staff).AllText);
        Assert.DoesNotContain("実測", Last(BotTestHost.Staff).AllText);
    }

    [Fact]
    public async Task The_gap_threshold_must_be_between_1_and_100_points()
    {
        var validation = await StartupFailure.ValidationAsync(async () =>
        {
            await using var bad = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Usage:GapPoints"] = "0" });
        });
        Assert.Equal(typeof(UsageReportOptions), validation.OptionsType);
    }
}
