using System.Text.RegularExpressions;
using System.Text;
using TeamsDxBot.Delivery;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Metrics;
using TeamsDxBot.Pulse;
using TeamsDxBot.Reports;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Pulse;

namespace TeamsDxBot.Tests.Reports;

/// <summary>A pulse run answered, closed and reported: who sees what, the chart, the export and the monthly report.</summary>
public sealed class ReportFlowTests : IAsyncLifetime
{
    private static readonly TestUser S3 = new("aad-s3", "営業 三郎", "s3@contoso.example");
    private static readonly TestUser S4 = new("aad-s4", "営業 四郎", "s4@contoso.example");
    private static readonly TestUser P1 = new("aad-p1", "製造 一子", "p1@contoso.example");
    private static readonly TestUser P2 = new("aad-p2", "製造 二子", "p2@contoso.example");
    private static readonly TestUser P3 = new("aad-p3", "製造 三子", "p3@contoso.example");
    private static readonly TestUser Executive = new("aad-exec", "社長 太郎", "ceo@contoso.example");
    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;
    private string runId = "";

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync(new Dictionary<string, string> { ["Anonymity:Threshold"] = "3" });
        await kit.SetUpCompanyAsync([S3, S4, P1, P2, P3, Executive]);
        foreach (var user in new[] { BotTestHost.Staff, S3, S4 })
        {
            await kit.SetAsync(user, p => p with { DepartmentId = kit.Sales });
        }
        await kit.SetAsync(BotTestHost.EnglishStaff, p => p with { DepartmentId = kit.Sales, KeyUserOf = new HashSet<string> { kit.Sales } });
        foreach (var user in new[] { P1, P2, P3 })
        {
            await kit.SetAsync(user, p => p with { DepartmentId = kit.Plant });
        }
        await kit.SetAsync(Executive, p => p with { IsExecutive = true, PulsePausedUntil = new DateOnly(2027, 1, 1) });

        // Tuesday 10:00 JST: run now; it closes Friday 10:00 JST.
        var run = await Host.Get<PulseScheduler>().RunNowAsync(kit.Tool, default);
        runId = run!.Id;
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        await AnswerAsync(BotTestHost.Staff, "daily", "4", comment: "申請が速くなった");
        await AnswerAsync(BotTestHost.EnglishStaff, "several", "5");
        await AnswerAsync(S3, "once", "3", blocker: "howto");
        await AnswerAsync(S4, "none", "2", blocker: "howto", fallback: "yes");
        await AnswerAsync(P1, "none", "1", blocker: "slower", fallback: "yes", comment: "紙の方が早い");
        await AnswerAsync(P2, "none", "2", blocker: "errors", fallback: "yes");
        await AnswerAsync(P3, "once", "2", blocker: "slower");
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private Task AnswerAsync(TestUser user, string usage, string ease, string? blocker = null, string fallback = "no", string? comment = null) =>
        kit.SubmitAsync(user, kit.LastSurveyData(user), PulseTestKit.Answers(usage, ease, fallback, blocker, comment));

    private async Task CloseAsync()
    {
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 1, 5, 0, TimeSpan.Zero));
        await kit.TickAsync();
    }

    /// <summary>The first link in a card (image or download); JSON escapes "&amp;" so it is unescaped here.</summary>
    private static string ImageUrl(RecordedCall call) => Regex.Unescape(Regex.Match(call.Card!.ToJsonString(), "\"url\":\"(http[^\"]+)\"").Groups[1].Value);

    [Fact]
    public async Task Weekly_report_goes_to_the_promoter_with_every_department_and_to_the_key_user_with_theirs()
    {
        await kit.TickAsync();
        Assert.DoesNotContain(Host.SentTo(BotTestHost.Promoter), c => c.AllText.Contains("週次レポート", StringComparison.Ordinal));
        // The tool's own figures for the run's week (Monday 11/23), as fed from its admin screen.
        await Host.Get<ToolMetricsRepository>().UpsertAsync(BotTestHost.TenantId, kit.Tool.Id,
        [
            new ToolMetric { TenantId = BotTestHost.TenantId, InitiativeId = kit.Tool.Id, WeekStart = new DateOnly(2026, 11, 25), ActiveUsers = 6,
                InputCompletionRate = 87.5, ErrorCount = 3, Source = "chat:test" },
        ], default);
        await CloseAsync();

        var promoter = Host.SentTo(BotTestHost.Promoter).Last(c => c.AllText.Contains("週次レポート", StringComparison.Ordinal)).AllText;
        Assert.Contains("経費精算システム 週次レポート", promoter);
        Assert.Contains("回答 7/8人（88%）", promoter);
        Assert.Contains("営業部", promoter);
        Assert.Contains("製造部", promoter);
        Assert.Contains("75%", promoter); // sales: 3 of 4 used it
        Assert.Contains("25%", promoter); // plant: 1 of 3
        Assert.Contains("使い方がわからない", promoter);
        Assert.Contains("2件", promoter);
        Assert.Contains("紙の方が早い", promoter);
        Assert.DoesNotContain("製造 一子", promoter);
        Assert.Contains("質問への対応状況", promoter);
        Assert.Contains("要注意", promoter);
        Assert.Contains("実測値（ツールの管理画面、11/23（月）の週）", promoter);
        Assert.Contains("6（75%）", promoter);
        Assert.Contains("87.5%", promoter);
        Assert.Contains("Excelでダウンロード", promoter);

        var keyUser = Host.SentTo(BotTestHost.EnglishStaff).Last(c => c.AllText.Contains("weekly report", StringComparison.Ordinal));
        Assert.Contains("営業部", keyUser.AllText);
        Assert.DoesNotContain("製造部", keyUser.AllText);
        Assert.Contains("申請が速くなった", keyUser.AllText);
        Assert.DoesNotContain("紙の方が早い", keyUser.AllText);
        Assert.DoesNotContain("Download responses", keyUser.AllText);
        Assert.DoesNotContain(ReportCards.WorkbookVerb, keyUser.Card!.ToJsonString(), StringComparison.Ordinal);

        // The chart is a PNG served from its signed link.
        using var client = Host.CreateClient();
        var png = await client.GetByteArrayAsync(new Uri(ImageUrl(keyUser)).PathAndQuery);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);

        // Staff were not sent a report; sent once even when the schedule runs again.
        Assert.DoesNotContain(Host.SentTo(S3), c => c.AllText.Contains("週次レポート", StringComparison.Ordinal));
        await kit.TickAsync();
        Assert.Single(Host.SentTo(BotTestHost.Promoter), c => c.AllText.Contains("週次レポート", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Staff_asking_for_report_see_the_company_level_only()
    {
        await CloseAsync();
        await Host.SayAsync(S3, "レポート");
        var report = Host.SentTo(S3).Last().AllText;
        Assert.Contains("経費精算システム 最新レポート", report);
        Assert.Contains("全社", report);
        Assert.Contains("43%", report); // 3 of 7 respondents used it
        Assert.DoesNotContain("営業部", report);
        Assert.DoesNotContain("製造部", report);
        Assert.DoesNotContain("申請が速くなった", report);
        Assert.DoesNotContain("CSV", report);
    }

    [Fact]
    public async Task Report_while_the_first_run_is_open_shows_its_progress_and_no_status()
    {
        await Host.SayAsync(BotTestHost.Promoter, "report");
        var report = Host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("まだ数値と状況をお見せできる回がありません", report);
        Assert.Contains("今週：回答受付中 7/8", report);
        Assert.DoesNotContain("順調", report);
        Assert.DoesNotContain("要注意", report);
        Assert.DoesNotContain("75%", report);
    }

    [Fact]
    public async Task Promoter_downloads_an_anonymous_csv_and_staff_cannot()
    {
        await CloseAsync();
        await Host.SubmitAsync(S3, new { verb = ReportCards.ExportVerb, runId });
        Assert.Contains("権限", Host.SentTo(S3).Last().AllText);

        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = ReportCards.ExportVerb, runId });
        var reply = Host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("7件の回答をCSVにしました", reply.AllText);
        var link = ImageUrl(reply);
        using var client = Host.CreateClient();
        var bytes = await client.GetByteArrayAsync(new Uri(link).PathAndQuery);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).TrimEnd().Split("\r\n");
        Assert.Equal(8, lines.Length);
        // Anonymous: no name and no answer time, only the run's date.
        Assert.StartsWith("回,部署,今週、経費精算システムをどのくらい使いましたか？", lines[0]);
        Assert.Equal(4, lines.Count(l => l.Contains(",営業部,", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.Contains("紙の方が早い", StringComparison.Ordinal));
        foreach (var name in new[] { "社員 花子", "製造 一子", "営業 三郎", "aad-" })
        {
            Assert.DoesNotContain(lines, l => l.Contains(name, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(lines.Skip(1), l => Regex.IsMatch(l, @"\d\d:\d\d"));
    }

    [Fact]
    public async Task Executives_get_the_monthly_report_once_with_departments_at_risk_and_long_overdue_questions()
    {
        await CloseAsync();
        // A question the sales key user answered: key users are named in the executives' figures.
        await Host.SubmitAsync(S3, new { verb = TeamsDxBot.Questions.QuestionCards.SendVerb, text = "締め日はいつですか？", urgent = "false" });
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var questionId = Host.SentTo(BotTestHost.EnglishStaff).Last(c => c.AllText.Contains("締め日はいつですか？", StringComparison.Ordinal))
            .Card!["actions"]![0]!["data"]!["questionId"]!.GetValue<string>();
        await Host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = TeamsDxBot.Questions.QuestionCards.AnswerVerb, questionId, answer = "毎月25日です。" });
        // A third asker, so the key user's figures cover k = 3 people and may be shown by name.
        await Host.SubmitAsync(BotTestHost.Staff, new { verb = TeamsDxBot.Questions.QuestionCards.SendVerb, text = "領収書は必要ですか？", urgent = "false" });
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        var receiptId = Host.SentTo(BotTestHost.EnglishStaff).Last(c => c.AllText.Contains("領収書は必要ですか？", StringComparison.Ordinal))
            .Card!["actions"]![0]!["data"]!["questionId"]!.GetValue<string>();
        await Host.SubmitAsync(BotTestHost.EnglishStaff, new { verb = TeamsDxBot.Questions.QuestionCards.AnswerVerb, questionId = receiptId, answer = "必要です。" });
        // Another, never answered, was due on November 20th: more than 5 days overdue on December 1st.
        await Host.SubmitAsync(S4, new { verb = TeamsDxBot.Questions.QuestionCards.SendVerb, text = "誰も答えない質問", urgent = "false" });
        var forgotten = (await Host.Get<TeamsDxBot.Questions.QuestionRepository>().ListAsync(BotTestHost.TenantId, default)).Single(q => q.Text == "誰も答えない質問");
        await Host.Get<TeamsDxBot.Questions.QuestionRepository>().UpdateAsync<bool>(BotTestHost.TenantId, forgotten.Id,
            q => (q with { DueAt = new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero), Escalated = true }, true), false, default);
        // December 1st, 09:00 JST.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 23, 59, 0, TimeSpan.Zero));
        await kit.TickAsync();
        Assert.DoesNotContain(Host.SentTo(Executive), c => c.AllText.Contains("月次レポート", StringComparison.Ordinal));
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        await kit.TickAsync();
        var monthly = Host.SentTo(Executive).Last().AllText;
        Assert.Contains("経費精算システム 月次レポート（経営層向け）", monthly);
        Assert.Contains("目標に届かない見込みの部署", monthly);
        Assert.Contains("製造部", monthly);
        Assert.Contains("期限を5日以上過ぎた未回答の質問：1件", monthly);
        Assert.DoesNotContain("誰も答えない質問", monthly); // a count, not names or texts
        Assert.Contains("担当者別", monthly);
        Assert.Contains("Alex Smith", monthly);
        Assert.Contains("3件・初回回答まで中央値", monthly); // two answered and the forgotten one, all routed to Alex Smith
        Assert.DoesNotContain("Download", monthly);
        Assert.Contains("Excelでダウンロード", monthly);

        Host.Clock.Advance(TimeSpan.FromHours(2));
        await kit.TickAsync();
        Assert.Single(Host.SentTo(Executive), c => c.AllText.Contains("月次レポート", StringComparison.Ordinal));
        Assert.DoesNotContain(Host.SentTo(S3), c => c.AllText.Contains("月次レポート", StringComparison.Ordinal));
    }
}
