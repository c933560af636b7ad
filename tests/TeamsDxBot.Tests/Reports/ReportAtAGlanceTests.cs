using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using TeamsDxBot.Delivery;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Pulse;
using TeamsDxBot.Reports;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Pulse;

namespace TeamsDxBot.Tests.Reports;

/// <summary>
/// <c>レポート</c> as people read it: the last closed run with figures and this week's progress, one
/// department table, and the Excel file for promoters and executives (hidden departments stay hidden).
/// Closed runs are stored with their final figures, as the scheduler leaves them; this week's run is real.
/// </summary>
public sealed class ReportAtAGlanceTests : IAsyncLifetime
{
    private static readonly TestUser S3 = new("aad-s3", "営業 三郎", "s3@contoso.example");
    private static readonly TestUser S4 = new("aad-s4", "営業 四郎", "s4@contoso.example");
    private static readonly TestUser P1 = new("aad-p1", "製造 一子", "p1@contoso.example");
    private static readonly TestUser P2 = new("aad-p2", "製造 二子", "p2@contoso.example");
    private static readonly TestUser P3 = new("aad-p3", "製造 三子", "p3@contoso.example");
    private static readonly TestUser Executive = new("aad-exec", "社長 太郎", "ceo@contoso.example");
    private static readonly string[] Statuses = ["順調", "要注意", "目標未達", "データなし"];
    private const string SalesComment = "申請が速くなった";
    private const string PlantComment = "紙の方が早い";

    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;

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
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>A closed weekly run (Monday 10:00 JST) with its final figures: per department, respondents and how many used the tool.</summary>
    private async Task StoreClosedRunAsync(DateOnly monday, (string Department, int Respondents, int Users, string? Comment)[] departments)
    {
        var summary = new RunTally();
        foreach (var (department, respondents, users, comment) in departments)
        {
            for (var i = 0; i < respondents; i++)
            {
                var answers = new Dictionary<string, string>
                {
                    [PulseRoles.Usage] = i < users ? "daily" : PulseRoles.NotUsed,
                    [PulseRoles.Ease] = i < users ? "4" : "2",
                    [PulseRoles.Fallback] = i < users ? "no" : "yes",
                };
                if (i == 0 && comment is not null)
                {
                    answers[PulseRoles.Comment] = comment;
                }
                var sent = new DateTimeOffset(monday.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
                summary.For(department).Add(new PulseResponse { RespondentKey = $"{monday}-{department}-{i}", DepartmentId = department, Answers = answers, AnsweredAt = sent.AddHours(i + 1) },
                    PulseDefaults.Questions, +1);
            }
        }
        var sentAt = new DateTimeOffset(monday.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
        await Host.Get<PulseRunRepository>().TryAddAsync(new PulseRun
        {
            TenantId = BotTestHost.TenantId,
            Id = $"{kit.Tool.Id}_{monday:yyyyMMdd}1000",
            InitiativeId = kit.Tool.Id,
            ToolName = kit.Tool.Name,
            LocalTime = monday.ToDateTime(new TimeOnly(10, 0)),
            CreatedAt = sentAt,
            ClosesAt = sentAt.AddDays(3),
            Anonymous = true,
            Questions = PulseDefaults.Questions,
            Invited = new Dictionary<string, int> { [kit.Sales] = 4, [kit.Plant] = 3 },
            InvitationsWritten = true,
            Summary = summary,
            ReportedAt = sentAt.AddDays(3),
        }, default);
    }

    /// <summary>Nov 9: both departments shown (sales 3 of 4 used it, plant 1 of 3), a comment from each.</summary>
    private Task StoreShownRunAsync() => StoreClosedRunAsync(new DateOnly(2026, 11, 9), [(kit.Sales, 4, 3, SalesComment), (kit.Plant, 3, 1, PlantComment)]);

    /// <summary>Nov 16: only two answers in all, so nothing may be shown.</summary>
    private Task StoreTooFewRunAsync() => StoreClosedRunAsync(new DateOnly(2026, 11, 16), [(kit.Sales, 1, 1, null), (kit.Plant, 1, 0, null)]);

    /// <summary>Nov 16: sales 2 and plant 3 answered: sales is under k and plant joins it in "other"; the company is shown.</summary>
    private Task StoreFoldedRunAsync() => StoreClosedRunAsync(new DateOnly(2026, 11, 16), [(kit.Sales, 2, 2, null), (kit.Plant, 3, 2, null)]);

    /// <summary>This week's pulse (Tuesday Nov 24), sent now; the given people answer it.</summary>
    private async Task<PulseRun> OpenRunAsync(params TestUser[] answering)
    {
        var run = await Host.Get<PulseScheduler>().RunNowAsync(kit.Tool, default);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        foreach (var user in answering)
        {
            await kit.SubmitAsync(user, kit.LastSurveyData(user), PulseTestKit.Answers("daily", "4"));
        }
        return run!;
    }

    private async Task<RecordedCall> ReportAsync(TestUser user, string command = "レポート")
    {
        await Host.SayAsync(user, command);
        return Host.SentTo(user).Last();
    }

    private static IEnumerable<JsonObject> Elements(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Elements(p.Value))),
        JsonArray a => a.SelectMany(Elements),
        _ => [],
    };

    private static string Type(JsonObject o) => o["type"]?.GetValue<string>() ?? "";

    private static string TextOf(JsonNode? node) => string.Join(" ", Elements(node).Where(e => Type(e) == "TextBlock").Select(e => e["text"]!.GetValue<string>()));

    /// <summary>The department table's rows as (cells' text, status cell style).</summary>
    private static List<(string[] Cells, string? StatusStyle)> TableRows(RecordedCall call)
    {
        var table = Assert.Single(Elements(call.Card), e => Type(e) == "Table");
        return table["rows"]!.AsArray().Select(r => r!["cells"]!.AsArray()).Select(cells =>
            (cells.Select(TextOf).ToArray(), cells[1]!["style"]?.GetValue<string>())).ToList();
    }

    private static Uri Link(RecordedCall call) =>
        new(Regex.Unescape(Regex.Match(call.Card!.ToJsonString(), "\"url\":\"(http[^\"]+)\"").Groups[1].Value));

    /// <summary>The data of the card's Excel button, as the client sends it back.</summary>
    private static Dictionary<string, string> WorkbookData(RecordedCall call) =>
        Assert.Single(call.Card!["actions"]?.AsArray() ?? [], a => a!["data"]?["verb"]?.GetValue<string>() == ReportCards.WorkbookVerb)!["data"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    private async Task<MemoryStream> DownloadAsync(Uri link)
    {
        using var client = Host.CreateClient();
        return new MemoryStream(await client.GetByteArrayAsync(link.PathAndQuery));
    }

    private static List<IDictionary<string, object?>> Sheet(Stream xlsx, string name)
    {
        xlsx.Position = 0;
        return xlsx.Query(useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object?>>().ToList();
    }

    private static IEnumerable<string> AllCells(Stream xlsx)
    {
        xlsx.Position = 0;
        foreach (var sheet in xlsx.GetSheetNames())
        {
            xlsx.Position = 0;
            foreach (IDictionary<string, object?> row in xlsx.Query(useHeaderRow: false, sheetName: sheet))
            {
                foreach (var value in row.Values)
                {
                    yield return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                }
            }
        }
    }

    [Fact]
    public async Task Report_shows_the_last_closed_run_with_figures_and_only_counts_of_the_open_one()
    {
        await StoreShownRunAsync();
        await StoreTooFewRunAsync();
        var open = await OpenRunAsync(S3);
        var invited = open.Invited.Values.Sum();

        var staff = (await ReportAsync(S4)).AllText;
        // Nov 9 (7 answers), not Nov 16 (2 answers, every figure hidden) nor this week's open run.
        Assert.Contains("11/9（月）の回 · 回答 7/7人（100%）", staff);
        Assert.Contains("11/16（月）の回は回答が3人未満だったため、その前の回を表示しています。", staff);
        Assert.DoesNotContain("11/16（月）の回 · ", staff);
        Assert.Contains($"今週：回答受付中 1/{invited}", staff);
        Assert.Contains("57%", staff); // 4 of 7 used it
        Assert.Contains("要注意", staff);
        Assert.DoesNotContain("集計中", staff);

        // The key user sees the same whole-company count, never their department's progress.
        var keyUser = (await ReportAsync(BotTestHost.EnglishStaff, "report")).AllText;
        Assert.Contains("The run of ", keyUser);
        Assert.Contains($"This week: collecting answers 1/{invited}", keyUser);
        Assert.DoesNotContain("1/4", keyUser);
        Assert.DoesNotContain("1/3", keyUser);
    }

    [Fact]
    public async Task Without_a_closed_run_with_figures_the_report_says_so_and_shows_no_status()
    {
        await StoreTooFewRunAsync();
        var open = await OpenRunAsync(S3);

        foreach (var user in new[] { BotTestHost.Promoter, S4 })
        {
            var report = await ReportAsync(user);
            Assert.Contains("まだ数値と状況をお見せできる回がありません", report.AllText);
            Assert.Contains("回答が3人以上集まった回から表示します", report.AllText);
            Assert.Contains($"今週：回答受付中 1/{open.Invited.Values.Sum()}", report.AllText);
            Assert.All(Statuses, s => Assert.DoesNotContain(s, report.AllText));
            Assert.DoesNotContain(Elements(report.Card), e => Type(e) is "Table" or "Image");
            Assert.Null(report.Card!["actions"]);
        }
    }

    [Fact]
    public async Task Departments_compare_in_one_table_with_status_cells_and_comments_without_their_question()
    {
        await StoreShownRunAsync();
        var report = await ReportAsync(BotTestHost.Promoter);

        // One table instead of a fact list per department: a header row, the company, then each department.
        Assert.DoesNotContain(Elements(report.Card), e => Type(e) == "FactSet" && e.ToJsonString().Contains("回答率", StringComparison.Ordinal));
        var rows = TableRows(report);
        Assert.Equal(["部署", "状況", "回答率", "利用率", "前回比（pt）", "使いやすさ", "紙・Excel"], rows[0].Cells);
        Assert.Equal(["全社", "営業部", "製造部"], rows.Skip(1).Select(r => r.Cells[0]));
        Assert.Equal(["順調", "good", "100% 4/4", "75%"], [rows[2].Cells[1], rows[2].StatusStyle!, rows[2].Cells[2], rows[2].Cells[3]]);
        Assert.Equal(["要注意", "warning", "33%"], [rows[3].Cells[1], rows[3].StatusStyle!, rows[3].Cells[3]]);
        // Status text in the theme's own colour on the tinted cell, bold: readable on light and dark themes.
        var statusTexts = Elements(report.Card).Where(e => Type(e) == "TextBlock" && Statuses.Contains(e["text"]!.GetValue<string>())).ToList();
        Assert.Equal(3, statusTexts.Count);
        Assert.All(statusTexts, text =>
        {
            Assert.Null(text["color"]);
            Assert.Equal("Bolder", text["weight"]!.GetValue<string>());
        });

        // Both comments, and the comment question (the only one) is not repeated above each.
        Assert.Contains(SalesComment, report.AllText);
        Assert.Contains(PlantComment, report.AllText);
        Assert.DoesNotContain(PulseDefaults.Questions.Single(q => q.Role == PulseRoles.Comment).Text(false, kit.Tool.Name), report.AllText);

        // No heading without something under it.
        var body = report.Card!["body"]!.AsArray().Select(b => b!.AsObject()).ToList();
        static bool IsHeading(JsonObject o) => Type(o) == "TextBlock" && o["size"]?.GetValue<string>() == "Medium" && o["weight"]?.GetValue<string>() == "Bolder";
        Assert.False(IsHeading(body[^1]));
        Assert.DoesNotContain(body.Zip(body.Skip(1)), pair => IsHeading(pair.First) && IsHeading(pair.Second));
    }

    [Fact]
    public async Task A_hidden_department_shows_neither_figures_nor_a_status()
    {
        await StoreShownRunAsync();
        await StoreFoldedRunAsync();
        var report = await ReportAsync(BotTestHost.EnglishStaff, "report");

        var rows = TableRows(report);
        Assert.Equal(["Company", "営業部"], rows.Skip(1).Select(r => r.Cells[0]));
        var sales = rows[2];
        Assert.Equal("Hidden (under 3)", sales.Cells[1]);
        Assert.Null(sales.StatusStyle);
        Assert.All(sales.Cells.Skip(2), c => Assert.Equal(ReportCards.NoFigure, c));
        // The status of Nov 9 (on track) must not speak for a week with no figure.
        Assert.DoesNotContain("On track", string.Join(" ", sales.Cells));
    }

    [Fact]
    public async Task Executives_download_the_report_as_a_workbook_in_which_hidden_departments_stay_hidden()
    {
        await StoreShownRunAsync();
        await StoreFoldedRunAsync();
        var report = await ReportAsync(Executive);
        var data = WorkbookData(report);
        Assert.Contains("Excelでダウンロード", report.AllText);

        await Host.SubmitAsync(Executive, data);
        var reply = Host.SentTo(Executive).Last();
        Assert.Contains("Excelの準備ができました", reply.AllText);
        var link = Link(reply);
        Assert.EndsWith(".xlsx", link.AbsolutePath, StringComparison.Ordinal);
        using var xlsx = await DownloadAsync(link);

        xlsx.Position = 0;
        Assert.Equal(["概要", "部署別", "推移"], xlsx.GetSheetNames());
        var groups = Sheet(xlsx, "部署別");
        Assert.Equal(["全社", "その他（少人数の部署をまとめて集計）"], groups.Select(r => (string?)r["部署"]));
        Assert.Equal(5d, Convert.ToDouble(groups[0]["回答者数"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(80d, Convert.ToDouble(groups[0]["利用率（回答者のうち）（%）"], System.Globalization.CultureInfo.InvariantCulture));
        var trend = Sheet(xlsx, "推移");
        Assert.Equal(["2026-11-09", "2026-11-16"], trend.Select(r => (string?)r["回"]));
        Assert.Equal(57.1d, Convert.ToDouble(trend[0]["全社"], System.Globalization.CultureInfo.InvariantCulture));
        // Nov 9 had no "other" group: an empty cell, not zero.
        Assert.True(trend[0]["その他（少人数の部署をまとめて集計）"] is null or "");
        // Sales and plant were shown on Nov 9, but this report folds them: their names appear nowhere in the file.
        Assert.DoesNotContain(AllCells(xlsx), c => c.Contains("営業部", StringComparison.Ordinal) || c.Contains("製造部", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Promoters_workbook_has_each_shown_department_and_staff_or_key_users_get_no_file()
    {
        await StoreShownRunAsync();
        var report = await ReportAsync(BotTestHost.Promoter);
        var data = WorkbookData(report);

        await Host.SubmitAsync(BotTestHost.Promoter, data);
        using var xlsx = await DownloadAsync(Link(Host.SentTo(BotTestHost.Promoter).Last()));
        var groups = Sheet(xlsx, "部署別");
        Assert.Equal(["全社", "営業部", "製造部"], groups.Select(r => (string?)r["部署"]));
        Assert.Equal(["順調", "要注意"], groups.Skip(1).Select(r => (string?)r["状況"]));
        Assert.Equal(75d, Convert.ToDouble(groups[1]["利用率（回答者のうち）（%）"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain(AllCells(xlsx), c => c.Contains(PlantComment, StringComparison.Ordinal));

        // Staff and key users: no button on their report, and pressing one from elsewhere gives no file.
        foreach (var user in new[] { S3, BotTestHost.EnglishStaff })
        {
            var own = await ReportAsync(user);
            Assert.DoesNotContain(ReportCards.WorkbookVerb, own.Card!.ToJsonString(), StringComparison.Ordinal);
            var before = Host.SentTo(user).Count;
            await Host.SubmitAsync(user, data);
            var reply = Assert.Single(Host.SentTo(user).Skip(before));
            Assert.DoesNotContain("/files/", reply.Body.ToJsonString(), StringComparison.Ordinal);
            Assert.Contains(user == S3 ? "権限がありません" : "permission", reply.AllText, StringComparison.OrdinalIgnoreCase);
        }
    }
}
