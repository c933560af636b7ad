using System.Net;
using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Metrics.MetricsTestKit;
using static TeamsDxBot.Tests.Usage.UsageTestKit;

namespace TeamsDxBot.Tests.Usage;

public sealed class UsageApiTests : IAsyncLifetime
{
    private const string OneDay = "email,date\nstaff@contoso.example,2026-11-17";

    private BotTestHost host = null!;

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        await SeedAsync(host);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_Shift_JIS_csv_from_Excel_with_Japanese_headers_is_stored_with_the_initiatives_key()
    {
        var key = await RotateAsync(host);
        const string csv = "社員番号,氏名,最終ログイン日時\r\nE1001,社員 花子,2026/11/18 17:45\r\nX9999,退職 済,2026/11/02 9:00\r\n";
        await SetEmployeeIdAsync(host, BotTestHost.Staff, "E1001");

        var response = await PostAsync(host, key, ShiftJis(csv), "text/csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await BodyAsync(response);
        Assert.Equal(1, (int)json["people"]!);
        Assert.Equal(["2026-11-02", "2026-11-16"], json["weeks"]!.AsArray().Select(w => (string)w!));
        Assert.Equal(1, (int)json["unmatched"]!["count"]!);
        Assert.Equal(3, (int)json["unmatched"]!["lines"]![0]!);
        var stored = Assert.Single(await WeeksAsync(host));
        Assert.Equal((BotTestHost.Staff.AadObjectId, new DateOnly(2026, 11, 18)), (stored.PersonId, stored.LastActive));
        Assert.StartsWith("api:", stored.Source);
    }

    [Fact]
    public async Task Json_in_either_shape_and_a_UTF8_csv_with_a_byte_order_mark_are_stored()
    {
        var key = await RotateAsync(host);

        var events = await PostAsync(host, key, Utf8("""
            [{"email": "staff@contoso.example", "date": "2026-11-16", "count": 4},
             {"mail": "staff@contoso.example", "date": "2026-11-17"},
             {"employeeId": "nobody", "date": "2026-11-17"}]
            """), "application/json");
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        var json = await BodyAsync(events);
        Assert.Equal(3, (int)json["unmatched"]!["lines"]![0]!);
        Assert.Contains("items 3", (string)json["unmatched"]!["message"]!);
        Assert.Equal(2, Week(await WeeksAsync(host), BotTestHost.Staff, new DateOnly(2026, 11, 16)).ActiveDays);

        var snapshot = await PostAsync(host, key, Utf8("""[{"userPrincipalName": "promoter@contoso.example", "lastLogin": "2026-11-09T12:00:00+09:00"}]"""), "application/json");
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal(1, Week(await WeeksAsync(host), BotTestHost.Promoter, new DateOnly(2026, 11, 9)).ActiveDays);

        var bom = await PostAsync(host, key, Utf8("メールアドレス,利用日\npromoter@contoso.example,2026-11-24", bom: true), "text/csv; charset=utf-8");
        Assert.Equal(HttpStatusCode.OK, bom.StatusCode);
        Assert.Equal(new DateOnly(2026, 11, 24), Week(await WeeksAsync(host), BotTestHost.Promoter, new DateOnly(2026, 11, 23)).LastActive);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("tdx_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Without_a_valid_key_the_answer_is_401_and_nothing_is_stored(string? key)
    {
        await RotateAsync(host);

        var response = await PostAsync(host, key, Utf8(OneDay), "text/csv");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Empty(await WeeksAsync(host));
    }

    [Fact]
    public async Task Another_initiatives_key_gets_403_and_nothing_is_stored()
    {
        var chatKey = await RotateAsync(host, Chat);

        var response = await PostAsync(host, chatKey, Utf8(OneDay), "text/csv", acceptLanguage: "ja");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("指定された施策のものではありません", (string)(await BodyAsync(response))["error"]!);
        Assert.Empty(await WeeksAsync(host));
        Assert.Empty(await WeeksAsync(host, Chat));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, chatKey, Utf8(OneDay), "text/csv", Chat)).StatusCode);
    }

    [Fact]
    public async Task A_bad_line_gets_400_with_line_and_column_and_nothing_is_stored()
    {
        var key = await RotateAsync(host);

        var response = await PostAsync(host, key, Utf8("email,date\nstaff@contoso.example,2026-11-16\npromoter@contoso.example,yesterday"), "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = Assert.Single((await BodyAsync(response))["problems"]!.AsArray());
        Assert.Equal(3, (int)problem!["line"]!);
        Assert.Equal("DateInvalid", (string)problem["code"]!);
        Assert.Contains("the date column \"yesterday\"", (string)problem["message"]!);
        Assert.Empty(await WeeksAsync(host));
    }
}
