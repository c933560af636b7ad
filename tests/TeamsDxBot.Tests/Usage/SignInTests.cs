using Microsoft.Extensions.DependencyInjection;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Storage;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Usage;
using static TeamsDxBot.Tests.Usage.UsageTestKit;

namespace TeamsDxBot.Tests.Usage;

/// <summary>
/// Entra sign-ins read through the Graph SDK from a fake Graph on loopback. The clock is Tuesday 2026-11-24
/// 10:00 in Tokyo; with the default 7 days the first read covers Tuesday 11-17 to Monday 11-23.
/// </summary>
public sealed class SignInTests : IAsyncLifetime
{
    private const string AppId = "3f2a6c1e-9b7d-4c55-8e21-0a1b2c3d4e5f";
    private const string OtherApp = "11111111-2222-3333-4444-555555555555";
    private const string Initiative = "exp000000001";
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    private static readonly DateOnly Nov16 = new(2026, 11, 16);
    private static readonly DateOnly Nov23 = new(2026, 11, 23);

    private readonly FakeTokenCredential credential = new();
    private SignInFakeGraph graph = null!;
    private BotTestHost host = null!;

    public async Task InitializeAsync()
    {
        graph = SignInFakeGraph.Start();
        host = await StartHostAsync();
        await host.Get<InitiativeRepository>().AddAsync(new Initiative
        {
            TenantId = BotTestHost.TenantId, Id = Initiative, Name = "経費精算システム", SignInAppId = AppId,
            GoLive = new(2026, 10, 1), TargetDate = new(2027, 1, 1),
        }, default);
        await host.SayAsync(BotTestHost.Promoter, "help");
        await host.SayAsync(BotTestHost.Staff, "help");
    }

    private Task<BotTestHost> StartHostAsync(string? tablePrefix = null) => BotTestHost.StartAsync(
        services => services.AddSingleton(new SignInCredential(credential)),
        new Dictionary<string, string>
        {
            ["Usage:SignIns:Enabled"] = "true",
            ["Usage:SignIns:GraphBaseUrl"] = graph.BaseUrl,
            ["Usage:SignIns:ManagedIdentityClientId"] = "0d9e8f7a-0000-4000-8000-000000000001",
            ["Usage:SignIns:CheckInterval"] = "30.00:00:00",
        },
        tablePrefix, host?.Connector);

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await graph.DisposeAsync();
    }

    private static DateTimeOffset At(int day, int hour) => new(2026, 11, day, hour, 0, 0, Tokyo);

    private void SignIn(int day, int hour, TestUser? user = null, string? upnOnly = null, string app = AppId, int errorCode = 0) =>
        graph.SignIns.Add(new FakeSignIn(app, At(day, hour), upnOnly is null ? user?.AadObjectId : ObjectIdOf(upnOnly), upnOnly ?? user?.Email, errorCode));

    /// <summary>An Entra object id the directory does not know, the same for every sign-in of one user.</summary>
    private static string ObjectIdOf(string upn) => new Guid(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(upn.ToLowerInvariant()))).ToString();

    private Task<SignInOutcome> ReadAsync(BotTestHost? on = null) => ReadWithAsync(on ?? host);

    private static async Task<SignInOutcome> ReadWithAsync(BotTestHost on) =>
        (await on.Get<SignInJob>().ReadAllAsync(default)).GetValueOrDefault(Initiative, SignInOutcome.Off);

    private async Task<string> InitiativesCardAsync()
    {
        await host.SayAsync(BotTestHost.Promoter, "施策");
        return host.SentTo(BotTestHost.Promoter).Last().AllText;
    }

    [Fact]
    public async Task Each_day_is_read_through_every_page_and_counts_successful_sign_ins_per_person_and_week()
    {
        SignIn(18, 9, BotTestHost.Staff);
        SignIn(18, 15, BotTestHost.Staff);
        SignIn(20, 23, BotTestHost.Staff);
        SignIn(21, 10, BotTestHost.Staff, errorCode: 50126);     // wrong password: not a day of use
        SignIn(19, 10, BotTestHost.Staff, app: OtherApp);        // another tool
        SignIn(23, 8, upnOnly: "PROMOTER@contoso.example");     // matched by UPN, the object id is unknown
        SignIn(22, 12, upnOnly: "guest@fabrikam.example");
        SignIn(22, 13, upnOnly: "guest@fabrikam.example");
        SignIn(22, 14, upnOnly: "guest@fabrikam.example");       // three on a day: two pages
        SignIn(23, 9, upnOnly: "contractor@fabrikam.example");
        SignIn(17, 1, BotTestHost.Staff);                        // Tue 17th 01:00 in Tokyo is still the 16th in UTC
        SignIn(24, 9, BotTestHost.Staff);                        // today: read tomorrow

        Assert.Equal(SignInOutcome.Read, await ReadAsync());

        var stored = await WeeksAsync(host, Initiative);
        var staff = Week(stored, BotTestHost.Staff, Nov16);
        Assert.Equal((3, new DateOnly(2026, 11, 20)), (staff.ActiveDays, staff.LastActive));
        var promoter = Week(stored, BotTestHost.Promoter, Nov23);
        Assert.Equal((1, Nov23), (promoter.ActiveDays, promoter.LastActive));
        Assert.Equal(2, stored.Count);

        var requests = graph.Requests;
        Assert.All(requests, r => Assert.Equal("Bearer " + FakeTokenCredential.Token, r.Authorization));
        Assert.All(requests, r => Assert.Equal(AppId, r.AppId));
        Assert.Contains(requests, r => r.NextPage);
        Assert.Equal(Enumerable.Range(17, 7).Select(d => At(d, 0)), requests.Where(r => !r.NextPage).Select(r => r.From!.Value).Order());

        var card = await InitiativesCardAsync();
        Assert.Contains(AppId, card);
        Assert.Contains("2人の利用、名簿にないユーザー 2人", card);
        Assert.Contains("11/23（月） まで読み取り済み", card);
    }

    [Fact]
    public async Task Reading_a_day_again_changes_nothing_and_days_merge_with_what_an_import_stored()
    {
        await ImportAsync(host, BotTestHost.Promoter, "email,date\nstaff@contoso.example,2026-11-16\nstaff@contoso.example,2026-11-17\npromoter@contoso.example,2026-11-17\n", Initiative);
        SignIn(18, 9, BotTestHost.Staff);
        SignIn(20, 9, BotTestHost.Staff);
        SignIn(21, 9, BotTestHost.Staff);

        Assert.Equal(SignInOutcome.Read, await ReadAsync());
        var first = await WeeksAsync(host, Initiative);
        Assert.Equal(3, Week(first, BotTestHost.Staff, Nov16).ActiveDays);
        // Someone the sign-ins do not name keeps what the import stored.
        Assert.Equal((1, new DateOnly(2026, 11, 17)), (Week(first, BotTestHost.Promoter, Nov16).ActiveDays, Week(first, BotTestHost.Promoter, Nov16).LastActive));

        // The stored position is moved back (as after a restore) and the next day comes: the week is read again.
        var reads = host.Get<SignInReadRepository>();
        var state = (await reads.GetAsync(BotTestHost.TenantId, Initiative, default))!;
        await reads.SaveAsync(state with { ReadUntil = At(17, 0) }, default);
        host.Clock.Advance(TimeSpan.FromDays(1));
        SignIn(24, 9, BotTestHost.Staff);

        Assert.Equal(SignInOutcome.Read, await ReadAsync());
        var again = await WeeksAsync(host, Initiative);
        var staff = Week(again, BotTestHost.Staff, Nov16);
        Assert.Equal((3, new DateOnly(2026, 11, 21)), (staff.ActiveDays, staff.LastActive));
        Assert.Equal(1, Week(again, BotTestHost.Staff, Nov23).ActiveDays);
        Assert.Equal(first.Count + 1, again.Count);
    }

    [Fact]
    public async Task A_throttled_read_waits_for_Retry_After_and_completes()
    {
        SignIn(18, 9, BotTestHost.Staff);
        graph.Throttles = 2;

        Assert.Equal(SignInOutcome.Read, await ReadAsync());

        Assert.Equal(2, graph.Requests.Count(r => r.Status == 429));
        Assert.Equal(1, Week(await WeeksAsync(host, Initiative), BotTestHost.Staff, Nov16).ActiveDays);
        Assert.DoesNotContain("失敗", await InitiativesCardAsync());
    }

    [Fact]
    public async Task A_token_failure_stores_nothing_and_promoters_see_it_until_a_read_succeeds()
    {
        SignIn(18, 9, BotTestHost.Staff);
        credential.Fail = true;

        Assert.Equal(SignInOutcome.Failed, await ReadAsync());

        Assert.Empty(await WeeksAsync(host, Initiative));
        Assert.Empty(graph.Requests);
        var card = await InitiativesCardAsync();
        Assert.Contains("読み取りに失敗", card);
        Assert.Contains("トークンを取得できませんでした", card);
        await host.SayAsync(BotTestHost.Staff, "施策");
        Assert.DoesNotContain("トークン", host.SentTo(BotTestHost.Staff).Last().AllText);

        credential.Fail = false;
        Assert.Equal(SignInOutcome.Read, await ReadAsync());
        Assert.Equal(1, Week(await WeeksAsync(host, Initiative), BotTestHost.Staff, Nov16).ActiveDays);
        Assert.DoesNotContain("読み取りに失敗", await InitiativesCardAsync());
    }

    [Fact]
    public async Task A_read_that_fails_mid_way_keeps_the_days_before_and_goes_on_from_the_failed_day()
    {
        graph.PageSize = 1;
        SignIn(18, 9, BotTestHost.Staff);
        SignIn(20, 9, BotTestHost.Staff);
        SignIn(20, 10, BotTestHost.Promoter);
        graph.FailAt = At(20, 12);

        Assert.Equal(SignInOutcome.Failed, await ReadAsync());

        var stored = await WeeksAsync(host, Initiative);
        var staff = Week(stored, BotTestHost.Staff, Nov16);
        Assert.Equal((1, new DateOnly(2026, 11, 18)), (staff.ActiveDays, staff.LastActive));
        Assert.Single(stored);
        Assert.Contains("HTTP 500", await InitiativesCardAsync());

        graph.FailAt = null;
        var before = graph.Requests.Count;
        Assert.Equal(SignInOutcome.Read, await ReadAsync());

        var resumed = graph.Requests.Skip(before).Where(r => !r.NextPage).Select(r => r.From!.Value).Order().ToList();
        Assert.Equal(Enumerable.Range(20, 4).Select(d => At(d, 0)), resumed);
        stored = await WeeksAsync(host, Initiative);
        Assert.Equal(2, Week(stored, BotTestHost.Staff, Nov16).ActiveDays);
        Assert.Equal(1, Week(stored, BotTestHost.Promoter, Nov16).ActiveDays);
    }

    [Fact]
    public async Task A_person_export_lists_their_sign_in_days_and_a_deletion_removes_them()
    {
        SignIn(18, 9, BotTestHost.Staff);
        SignIn(20, 9, BotTestHost.Staff);
        SignIn(20, 9, BotTestHost.Promoter);
        Assert.Equal(SignInOutcome.Read, await ReadAsync());
        var privacy = host.Get<TeamsDxBot.Privacy.PersonData>();
        var days = host.Get<SignInDayRepository>();

        var export = System.Text.Json.Nodes.JsonNode.Parse(await privacy.ExportAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, default))!;
        Assert.Contains("2026-11-18", export["signInDays"]!.ToJsonString());
        await privacy.DeleteAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, default);

        Assert.Empty(await days.ListPersonEverywhereAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, default));
        var promoter = Assert.Single(await days.ListPersonEverywhereAsync(BotTestHost.TenantId, BotTestHost.Promoter.AadObjectId, default));
        Assert.Equal((Initiative, new DateOnly(2026, 11, 20)), (promoter.InitiativeId, Assert.Single(promoter.Days)));
    }

    [Fact]
    public async Task Two_instances_read_each_day_once()
    {
        SignIn(18, 9, BotTestHost.Staff);
        await using var second = await StartHostAsync(host.TablePrefix);

        var outcomes = await Task.WhenAll(ReadAsync(host), ReadWithAsync(second));
        var later = await ReadWithAsync(second);

        Assert.Single(outcomes, o => o == SignInOutcome.Read);
        Assert.Contains(outcomes, o => o is SignInOutcome.Busy or SignInOutcome.Done);
        Assert.Equal(SignInOutcome.Done, later);
        Assert.Equal(7, graph.Requests.Count(r => !r.NextPage));
    }

    [Fact]
    public async Task Without_an_app_id_or_with_reading_off_nothing_is_read()
    {
        var initiatives = host.Get<InitiativeRepository>();
        var initiative = (await initiatives.GetAsync(BotTestHost.TenantId, Initiative, default))!;
        await initiatives.ReplaceAsync(initiative with { SignInAppId = "" }, default);
        SignIn(18, 9, BotTestHost.Staff);

        Assert.Equal(SignInOutcome.Off, await ReadAsync());
        Assert.Empty(graph.Requests);
        Assert.Empty(await WeeksAsync(host, Initiative));
    }

    [Fact]
    public async Task The_bot_refuses_to_start_with_reading_on_and_no_credential()
    {
        var validation = await StartupFailure.ValidationAsync(async () =>
        {
            await using var bad = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Usage:SignIns:Enabled"] = "true" });
        });

        Assert.Equal(typeof(SignInOptions), validation.OptionsType);
        Assert.Contains("ManagedIdentityClientId", validation.Message);
    }

    [Fact]
    public void A_Graph_URL_that_is_not_https_is_refused_unless_it_is_loopback()
    {
        var validator = new SignInOptionsValidator();
        SignInOptions Options(string url) => new() { Enabled = true, GraphBaseUrl = url, TenantId = "t", ClientId = "c", ClientSecret = "s" };

        Assert.True(validator.Validate(null, Options("https://graph.microsoft.com/v1.0")).Succeeded);
        Assert.True(validator.Validate(null, Options("http://127.0.0.1:5000/v1.0")).Succeeded);
        Assert.True(validator.Validate(null, Options("http://graph.contoso.example/v1.0")).Failed);
        Assert.True(validator.Validate(null, new SignInOptions { Enabled = true, ManagedIdentityClientId = "mi", ClientSecret = "s" }).Failed);
        Assert.True(validator.Validate(null, new SignInOptions { Enabled = false }).Succeeded);
    }
}
