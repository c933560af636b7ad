using System.Net;
using System.Net.Sockets;
using System.Text;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Imports;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Tests.Imports;

/// <summary>
/// Per-person usage sent as a file in the 1:1 chat (CSV or JSON), told apart from rosters and weekly figures
/// by its headings. The clock is Tuesday 2026-11-24 in Tokyo.
/// </summary>
public sealed class UsageFileImportTests : IAsyncLifetime
{
    private const string Expenses = "exp000000001";
    private const string Chat = "chat00000001";
    private static readonly DateOnly Nov16 = new(2026, 11, 16);

    private readonly Dictionary<string, byte[]> files = [];
    private HttpListener downloads = null!;
    private string baseUrl = "";
    private BotTestHost host = null!;

    public async Task InitializeAsync()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            baseUrl = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/";
        }
        downloads = new HttpListener();
        downloads.Prefixes.Add(baseUrl);
        downloads.Start();
        _ = ServeAsync();

        host = await BotTestHost.StartAsync();
        await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default);
        await AddInitiativeAsync(Expenses, "経費精算システム");
        foreach (var user in new[] { BotTestHost.Promoter, BotTestHost.Staff, BotTestHost.EnglishStaff })
        {
            await host.SayAsync(user, "help");
        }
    }

    public async Task DisposeAsync()
    {
        downloads.Stop();
        downloads.Close();
        await host.DisposeAsync();
    }

    private Task AddInitiativeAsync(string id, string name) =>
        host.Get<InitiativeRepository>().AddAsync(new Initiative { TenantId = BotTestHost.TenantId, Id = id, Name = name, GoLive = new(2026, 10, 1), TargetDate = new(2027, 1, 1) }, default);

    private async Task ServeAsync()
    {
        while (downloads.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await downloads.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            if (files.TryGetValue(context.Request.Url!.AbsolutePath.Trim('/'), out var bytes))
            {
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
            context.Response.Close();
        }
    }

    private async Task<string> SendFileAsync(TestUser user, string name, string text, string fileType = "csv")
    {
        files[name] = Encoding.UTF8.GetBytes(text);
        var activity = Activities.Message(user, "", host.Connector.ServiceUrl, BotTestHost.TenantId);
        activity["attachments"] = new JArray(new JObject
        {
            ["contentType"] = FileImport.TeamsFileContentType,
            ["name"] = name,
            ["content"] = new JObject { ["downloadUrl"] = baseUrl + name, ["uniqueId"] = Guid.NewGuid().ToString(), ["fileType"] = fileType },
        });
        var before = host.SentTo(user).Count;
        using var response = await host.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return string.Join("\n", host.SentTo(user).Skip(before).Select(c => c.AllText));
    }

    /// <summary>Presses the last card's button whose data has this kind, with these input values.</summary>
    private async Task<string> PressAsync(TestUser user, string kind, string? initiativeId = null)
    {
        var card = JObject.Parse(host.SentTo(BotTestHost.Promoter).Last().Card!.ToJsonString());
        var submitted = (JObject)card.SelectTokens("$..actions[*]").OfType<JObject>().First(a => (string?)a["data"]?["kind"] == kind)["data"]!.DeepClone();
        if (initiativeId is not null)
        {
            submitted["initiativeId"] = initiativeId;
        }
        var before = host.SentTo(user).Count;
        await host.PostAsync(Activities.Submit(user, submitted, host.Connector.ServiceUrl, BotTestHost.TenantId));
        return string.Join("\n", host.SentTo(user).Skip(before).Select(c => c.AllText));
    }

    private async Task<IReadOnlyList<UsageWeek>> WeeksAsync(string initiativeId = Expenses) =>
        await host.Get<UsageWeekRepository>().ListFromAsync(BotTestHost.TenantId, initiativeId, new DateOnly(2026, 9, 28), default);

    [Fact]
    public async Task A_usage_CSV_goes_to_the_usage_import_of_the_only_initiative()
    {
        var answer = await SendFileAsync(BotTestHost.Promoter, "usage.csv", "email,date,count\nstaff@contoso.example,2026-11-16,3\nstaff@contoso.example,2026-11-18,1\nnobody@contoso.example,2026-11-18,1\n");

        var week = Assert.Single(await WeeksAsync());
        Assert.Equal((BotTestHost.Staff.AadObjectId, Nov16, 2, (int?)4), (week.PersonId, week.WeekStart, week.ActiveDays, week.Uses));
        Assert.Contains("「経費精算システム」の利用状況を1人分取り込みました", answer);
        // Someone not in the directory is left out and named by line, not guessed.
        Assert.Contains("登録されていない人の行1件は取り込みませんでした：4行目", answer);
    }

    [Fact]
    public async Task A_user_list_with_Japanese_headings_in_JSON_is_imported()
    {
        var answer = await SendFileAsync(BotTestHost.Promoter, "users.json",
            """[{"メールアドレス":"promoter@contoso.example","最終ログイン":"2026-11-17T09:15:00+09:00","部署":"推進室"}]""", fileType: "json");

        var week = Assert.Single(await WeeksAsync());
        Assert.Equal((BotTestHost.Promoter.AadObjectId, new DateOnly(2026, 11, 17)), (week.PersonId, week.LastActive));
        Assert.Contains("1人分取り込みました", answer);
    }

    [Fact]
    public async Task A_file_with_a_bad_line_stores_nothing_and_lists_the_line()
    {
        var answer = await SendFileAsync(BotTestHost.Promoter, "usage.csv", "email,date\nstaff@contoso.example,2026-11-16\nstaff@contoso.example,2026-12-31\n");

        Assert.Empty(await WeeksAsync());
        Assert.Contains("何も保存していません", answer);
        Assert.Contains("3行目", answer);
        Assert.Contains("ファイルを直してもう一度送ってください", answer);
    }

    [Fact]
    public async Task With_several_initiatives_the_promoter_picks_one_and_the_file_is_imported_into_it()
    {
        await AddInitiativeAsync(Chat, "社内チャット");

        var question = await SendFileAsync(BotTestHost.Promoter, "usage.csv", "email,date\nstaff@contoso.example,2026-11-16\n");
        Assert.Contains("どの施策に取り込みますか", question);
        Assert.Empty(await WeeksAsync());
        Assert.Empty(await WeeksAsync(Chat));

        var answer = await PressAsync(BotTestHost.Promoter, FileImportCards.Usage, Chat);

        Assert.Single(await WeeksAsync(Chat));
        Assert.Empty(await WeeksAsync());
        Assert.Contains("「社内チャット」の利用状況を1人分取り込みました", answer);
    }

    [Fact]
    public async Task Headings_that_fit_a_roster_and_usage_are_asked_about_not_guessed()
    {
        const string csv = "email,department,role,last_login\nstaff@contoso.example,営業部,Staff,2026-11-17\n";

        var question = await SendFileAsync(BotTestHost.Promoter, "people.csv", csv);

        Assert.Contains("名簿とも利用状況とも読めます", question);
        Assert.Empty(await WeeksAsync());
        Assert.Null((await host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, default))!.DepartmentId);

        var answer = await PressAsync(BotTestHost.Promoter, FileImportCards.Usage);

        Assert.Single(await WeeksAsync());
        Assert.Contains("1人分取り込みました", answer);
        Assert.Null((await host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, default))!.DepartmentId);
    }

    [Fact]
    public async Task A_roster_is_still_a_roster_and_usage_headings_starting_with_email_are_not_one()
    {
        var roster = await SendFileAsync(BotTestHost.Promoter, "roster.csv", "email,department,role\nstaff@contoso.example,営業部,Staff\n");
        Assert.Contains("名簿を取り込みました", roster);
        Assert.Empty(await WeeksAsync());

        var usage = await SendFileAsync(BotTestHost.Promoter, "usage.csv", "email,department,last login\nalex@contoso.example,営業部,2026/11/17 9:15\n");
        Assert.Contains("利用状況を1人分取り込みました", usage);
        Assert.Null((await host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, BotTestHost.EnglishStaff.AadObjectId, default))!.DepartmentId);
    }

    [Fact]
    public async Task Staff_can_neither_send_usage_files_nor_press_the_import_buttons()
    {
        var sent = await SendFileAsync(BotTestHost.Staff, "usage.csv", "email,date\nstaff@contoso.example,2026-11-16\n");
        Assert.Contains("DX推進担当者だけ", sent);

        files["usage.csv"] = Encoding.UTF8.GetBytes("email,date\nstaff@contoso.example,2026-11-16\n");
        await host.PostAsync(Activities.Submit(BotTestHost.Staff,
            new { verb = FileImportCards.ImportVerb, kind = FileImportCards.Usage, url = baseUrl + "usage.csv", name = "usage.csv", fileType = "csv", initiativeId = Expenses },
            host.Connector.ServiceUrl, BotTestHost.TenantId));

        Assert.Empty(await WeeksAsync());
    }

    [Fact]
    public async Task Headings_of_no_import_name_every_kind_of_heading()
    {
        var answer = await SendFileAsync(BotTestHost.Promoter, "other.csv", "名前,年齢\n田中,30\n");

        Assert.Contains(UsageInput.EventsHeader, answer);
        Assert.Contains(UsageInput.SnapshotHeader, answer);
        Assert.Empty(await WeeksAsync());
    }
}
