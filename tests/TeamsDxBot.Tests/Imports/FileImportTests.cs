using System.Net.Sockets;
using System.Net;
using System.Text;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Cards;
using TeamsDxBot.Directory;
using TeamsDxBot.Imports;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Metrics;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Imports;

/// <summary>CSV files sent in the 1:1 chat as Teams sends them: a download link the bot fetches (here from a loopback server).</summary>
public sealed class FileImportTests : IAsyncLifetime
{
    private static readonly Encoding ShiftJis = CodePagesShiftJis();

    private readonly Dictionary<string, byte[]> files = [];
    private HttpListener downloads = null!;
    private string baseUrl = "";
    private BotTestHost host = null!;
    private string sales = "";

    private static Encoding CodePagesShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932);
    }

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
        sales = (await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
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
            var name = context.Request.Url!.AbsolutePath.Trim('/');
            if (files.TryGetValue(name, out var bytes))
            {
                context.Response.ContentType = "application/octet-stream";
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
            context.Response.Close();
        }
    }

    private async Task<string> SendFileAsync(TestUser user, string name, byte[] bytes, string fileType = "csv")
    {
        files[name] = bytes;
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

    private Task<Person?> PersonAsync(TestUser user) => host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, user.AadObjectId, default);

    private static byte[] Bom(string text) => [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(text)];

    [Fact]
    public async Task A_roster_saved_by_Japanese_Excel_in_Shift_JIS_is_imported()
    {
        var answer = await SendFileAsync(BotTestHost.Promoter, "roster.csv", ShiftJis.GetBytes("メールアドレス,部署,役割\r\nstaff@contoso.example,営業部,KeyUser\r\n"));

        Assert.Contains("名簿を取り込みました", answer);
        var staff = (await PersonAsync(BotTestHost.Staff))!;
        Assert.Equal(sales, staff.DepartmentId);
        Assert.Contains(sales, staff.KeyUserOf);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_UTF8_roster_with_or_without_BOM_is_imported(bool bom)
    {
        const string csv = "email,department,role\nalex@contoso.example,営業部,Staff\n";

        var answer = await SendFileAsync(BotTestHost.Promoter, "roster.csv", bom ? Bom(csv) : Encoding.UTF8.GetBytes(csv));

        Assert.Contains("名簿を取り込みました", answer);
        Assert.Equal(sales, (await PersonAsync(BotTestHost.EnglishStaff))!.DepartmentId);
    }

    [Fact]
    public async Task Line_errors_of_a_Shift_JIS_roster_show_its_Japanese_text_not_mojibake()
    {
        var answer = await SendFileAsync(BotTestHost.Promoter, "roster.csv", ShiftJis.GetBytes("email,department,role\nstaff@contoso.example,経理部,Staff\n"));

        Assert.Contains("部署「経理部」はありません", answer);
        Assert.Null((await PersonAsync(BotTestHost.Staff))!.DepartmentId);
    }

    [Fact]
    public async Task Usage_figures_in_Shift_JIS_go_to_the_metrics_of_the_only_initiative()
    {
        await host.Get<InitiativeRepository>().AddAsync(new Initiative { TenantId = BotTestHost.TenantId, Id = "exp000000001", Name = "経費精算システム" }, default);

        var answer = await SendFileAsync(BotTestHost.Promoter, "usage.csv", ShiftJis.GetBytes("週,部署,アクティブユーザー数,入力完了率,エラー数\r\n2026-11-16,営業部,120,87.5,3\r\n"));

        var stored = Assert.Single(await host.Get<ToolMetricsRepository>().ListAsync(BotTestHost.TenantId, "exp000000001", default));
        Assert.Equal((sales, 120, 3), (stored.DepartmentId, stored.ActiveUsers, stored.ErrorCount));
        Assert.Contains("経費精算システム", answer);
    }

    [Fact]
    public async Task With_several_initiatives_the_figures_come_back_on_the_card_to_pick_one()
    {
        foreach (var (id, name) in new[] { ("exp000000001", "経費精算システム"), ("chat00000001", "社内チャット") })
        {
            await host.Get<InitiativeRepository>().AddAsync(new Initiative { TenantId = BotTestHost.TenantId, Id = id, Name = name }, default);
        }
        const string csv = "week,department,active_users\n2026-11-16,営業部,120\n";

        var answer = await SendFileAsync(BotTestHost.Promoter, "usage.csv", Bom(csv));

        Assert.Contains("施策を選んでください", answer);
        var card = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Equal(csv, Metrics.MetricsTestKit.InputValue(card, "csv"));
        Assert.Empty(await host.Get<ToolMetricsRepository>().ListAsync(BotTestHost.TenantId, "exp000000001", default));
    }

    [Fact]
    public async Task A_file_in_neither_encoding_is_answered_with_how_to_save_it_as_UTF8()
    {
        var answer = await SendFileAsync(BotTestHost.Promoter, "roster.csv", [.. Encoding.ASCII.GetBytes("email,department\n"), 0xFD, 0xFE, 0xFF, 0x0A]);

        Assert.Contains("CSV UTF-8", answer);
        Assert.DoesNotContain("名簿を取り込みました", answer);
    }

    [Fact]
    public async Task Staff_files_and_files_that_are_not_CSV_change_nothing()
    {
        var staff = await SendFileAsync(BotTestHost.Staff, "roster.csv", Encoding.UTF8.GetBytes("email,department,role\nstaff@contoso.example,営業部,Promoter\n"));
        Assert.Contains("DX推進担当者だけ", staff);
        Assert.False((await PersonAsync(BotTestHost.Staff))!.IsPromoter);

        var word = await SendFileAsync(BotTestHost.Promoter, "roster.docx", [0x50, 0x4B, 0x03, 0x04], fileType: "docx");
        Assert.Contains("CSVファイル", word);

        var unknown = await SendFileAsync(BotTestHost.Promoter, "other.csv", Encoding.UTF8.GetBytes("名前,年齢\n田中,30\n"));
        Assert.Contains(MetricsInput.CsvHeader, unknown);
    }

    [Fact]
    public void The_decoder_tells_UTF8_with_and_without_BOM_from_Shift_JIS()
    {
        const string text = "部署,週\n営業部,2026-11-16";
        Assert.Equal(text, CsvText.Decode(Bom(text)));
        Assert.Equal(text, CsvText.Decode(Encoding.UTF8.GetBytes(text)));
        Assert.Equal(text, CsvText.Decode(ShiftJis.GetBytes(text)));
        Assert.Null(CsvText.Decode(Encoding.Unicode.GetBytes(text)));
    }
}
