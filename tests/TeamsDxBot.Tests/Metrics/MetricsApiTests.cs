using System.Net;
using TeamsDxBot.Metrics;
using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Metrics.MetricsTestKit;

namespace TeamsDxBot.Tests.Metrics;

public sealed class MetricsApiTests : IAsyncLifetime
{
    private const string OneWeek = "week,department,active_users,input_completion_rate,error_count\n2026-11-16,営業部,120,87.5,3";

    private BotTestHost host = null!;
    private string sales = "";

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        (sales, _) = await SeedAsync(host);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_key_stores_figures_for_its_own_initiative_and_rotation_retires_the_old_key()
    {
        var first = await RotateAsync(host);
        Assert.Matches("^tdx_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", first);

        var response = await PostAsync(host, first, OneWeek);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (int)(await JsonAsync(response))["stored"]!);
        var stored = Assert.Single(await StoredAsync(host));
        Assert.Equal((sales, 120), (stored.DepartmentId, stored.ActiveUsers));
        Assert.StartsWith("api:", stored.Source);
        Assert.DoesNotContain(first[(first.LastIndexOf('_') + 1)..], stored.Source);
        Assert.Empty(await StoredAsync(host, Chat));

        // Pressing "rotate" while a key is active only asks; the key keeps working until confirmed.
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = MetricsCards.RotateKeyVerb, keyInitiativeId = Expenses });
        Assert.Contains("再発行しますか", host.SentTo(BotTestHost.Promoter).Last().AllText);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, first, OneWeek)).StatusCode);

        var second = await RotateAsync(host);
        Assert.NotEqual(first, second);
        Assert.Contains("以前のキー1件は無効にしました", host.SentTo(BotTestHost.Promoter).Last().AllText);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, second, OneWeek, headerKey: true)).StatusCode);
        var refused = await PostAsync(host, first, OneWeek);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("missing, unknown or revoked", (string)(await JsonAsync(refused))["error"]!);

        // Only a hash is stored: the table holds nothing that could be sent as the key.
        var rows = await host.Get<ApiKeyRepository>().ListAsync(BotTestHost.TenantId, default);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, k => Assert.Equal(32, k.SecretHash.Length));

        // "Copied, hide the key" takes the key off the card, so the chat history no longer holds it.
        var keyId = second.Split('_')[1];
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = MetricsCards.HideKeyVerb, keyId });
        var hidden = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Equal("update", hidden.Kind);
        Assert.Contains($"tdx\\_{keyId}\\_…", hidden.AllText);
        Assert.DoesNotContain(second, hidden.AllText);
    }

    [Fact]
    public async Task Revoking_refuses_the_key_and_leaves_other_initiatives_keys_alone()
    {
        var expensesKey = await RotateAsync(host);
        var chatKey = await RotateAsync(host, Chat);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = MetricsCards.RevokeKeyVerb, keyInitiativeId = Expenses });
        Assert.Contains("無効にしますか", host.SentTo(BotTestHost.Promoter).Last().AllText);
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = MetricsCards.RevokeKeyVerb, keyInitiativeId = Expenses, confirmed = true });
        var revoked = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("「経費精算システム」のAPIキーを1件無効にしました", revoked.AllText);
        Assert.DoesNotContain("tdx", revoked.AllText);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, expensesKey, OneWeek)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, chatKey, OneWeek)).StatusCode);
        Assert.Empty(await StoredAsync(host, Expenses));
        Assert.Single(await StoredAsync(host, Chat));
    }

    [Fact]
    public async Task Two_promoters_rotating_at_once_leave_exactly_one_working_key()
    {
        await RotateAsync(host);
        var person = (await host.Get<TeamsDxBot.Directory.PersonRepository>().GetAsync(BotTestHost.TenantId, BotTestHost.Promoter.AadObjectId, default))!;
        var promoter = new TeamsDxBot.Turns.UserContext(person, host.Get<TeamsDxBot.Directory.Access>().RolesOf(person), TeamsDxBot.Localization.Texts.Japanese, false);
        var keys = host.Get<ApiKeyService>();

        var changes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => keys.RotateAsync(promoter, Expenses, default))));

        var issued = changes.Where(c => c.Issued is not null).Select(c => c.Issued!.Token).ToList();
        Assert.NotEmpty(issued);
        var active = (await keys.ListActiveAsync(BotTestHost.TenantId, default)).Where(k => k.InitiativeId == Expenses).ToList();
        Assert.Single(active);
        var working = 0;
        foreach (var token in issued)
        {
            working += (await PostAsync(host, token, OneWeek)).StatusCode == HttpStatusCode.OK ? 1 : 0;
        }
        Assert.Equal(1, working);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("tdx_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-key")]
    public async Task Missing_or_unknown_keys_get_401_and_nothing_is_stored(string? key)
    {
        var response = await PostAsync(host, key, OneWeek);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Empty(await StoredAsync(host));
    }

    [Fact]
    public async Task A_wrong_secret_for_a_real_key_id_is_refused()
    {
        var key = await RotateAsync(host);
        var forged = key[..(key.LastIndexOf('_') + 1)] + new string('A', 43);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, forged, OneWeek)).StatusCode);
    }

    [Fact]
    public async Task A_JSON_array_is_stored_like_CSV()
    {
        var key = await RotateAsync(host);
        const string json = """
            [
              { "week": "2026-11-16", "department": "営業部", "activeUsers": 120, "inputCompletionRate": 87.5, "errorCount": 3 },
              { "week": "2026-11-16", "department": null, "activeUsers": "410", "inputCompletionRate": "91%" }
            ]
            """;

        var response = await PostAsync(host, key, json, "application/json; charset=utf-8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (int)(await JsonAsync(response))["stored"]!);
        var stored = await StoredAsync(host);
        Assert.Equal([(null, 410, 91.0, null), (sales, 120, 87.5, 3)],
            stored.Select(m => (m.DepartmentId, m.ActiveUsers, m.InputCompletionRate, m.ErrorCount)));
    }

    [Fact]
    public async Task Bad_figures_get_400_with_every_problem_by_line_or_item_in_the_callers_language()
    {
        var key = await RotateAsync(host);
        const string csv = "week,department,active_users\n2026-11-16,営業部,1\n2026-13-01,営業部,2\n2026-11-09,経理部,-4";

        var response = await PostAsync(host, key, csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Contains("Nothing was stored", (string)body["error"]!);
        var problems = body["problems"]!.AsArray().Select(p => ((int)p!["line"]!, (string)p["message"]!)).ToList();
        Assert.Equal(3, problems.Count);
        Assert.Contains((3, "week \"2026-13-01\" must be a date (YYYY-MM-DD or YYYY/MM/DD)"), problems);
        Assert.Contains((4, "there is no department \"経理部\" (use a name from \"departments\"; leave it empty or write \"all\" for the whole company)"), problems);
        Assert.Contains((4, "active users \"-4\" must be a whole number (0 or more)"), problems);
        Assert.Empty(await StoredAsync(host));

        var japanese = await JsonAsync(await PostAsync(host, key, csv, acceptLanguage: "ja-JP,en;q=0.5"));
        Assert.Contains(japanese["problems"]!.AsArray(), p => (int)p!["line"]! == 3 && ((string)p["message"]!).StartsWith("週「2026-13-01」は日付", StringComparison.Ordinal));

        const string json = """[{ "week": "2026-11-16", "activeUsers": 5 }, { "week": "2026-11-16", "activeUser": 5 }]""";
        var jsonProblems = await JsonAsync(await PostAsync(host, key, json, "application/json"));
        Assert.Contains(jsonProblems["problems"]!.AsArray(), p => (int?)p!["item"] == 2 && ((string)p["message"]!).Contains("unknown field \"activeUser\"", StringComparison.Ordinal));
        Assert.Empty(await StoredAsync(host));
    }

    [Fact]
    public async Task Wrong_content_type_oversized_and_malformed_bodies_get_clear_errors()
    {
        var key = await RotateAsync(host);

        var plain = await PostAsync(host, key, OneWeek, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Contains("text/csv or application/json", (string)(await JsonAsync(plain))["error"]!);

        var huge = "week,active_users\n" + string.Concat(Enumerable.Repeat("2026-11-16,1\n", 30_000));
        var oversized = await PostAsync(host, key, huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        Assert.Contains("at most 256 KB", (string)(await JsonAsync(oversized))["error"]!);

        var broken = await PostAsync(host, key, "[{\"week\": ", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("not valid JSON", (string)(await JsonAsync(broken))["problems"]![0]!["message"]!);

        Assert.Empty(await StoredAsync(host));
    }

    [Fact]
    public async Task A_CSV_saved_by_Japanese_Excel_in_Shift_JIS_is_read_and_other_encodings_are_refused()
    {
        var key = await RotateAsync(host);
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        async Task<HttpResponseMessage> SendAsync(byte[] bytes)
        {
            using var client = host.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, MetricsApi.Path) { Content = new ByteArrayContent(bytes) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            return await client.SendAsync(request);
        }

        var shiftJis = await SendAsync(System.Text.Encoding.GetEncoding(932).GetBytes("週,部署,アクティブユーザー数\r\n2026-11-16,営業部,120\r\n"));
        Assert.Equal(HttpStatusCode.OK, shiftJis.StatusCode);
        Assert.Equal((sales, 120), (Assert.Single(await StoredAsync(host)).DepartmentId, Assert.Single(await StoredAsync(host)).ActiveUsers));

        var utf16 = await SendAsync(System.Text.Encoding.Unicode.GetBytes(OneWeek));
        Assert.Equal(HttpStatusCode.BadRequest, utf16.StatusCode);
        Assert.Contains("UTF-8", await utf16.Content.ReadAsStringAsync());
    }
}

public sealed class MetricsApiRateLimitTests
{
    [Fact]
    public async Task A_caller_over_the_limit_is_told_when_to_come_back_and_nothing_is_stored()
    {
        await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Metrics:PostsPerMinute"] = "2" });
        await SeedAsync(host);
        var key = await RotateAsync(host);
        const string week = "week,department,active_users\n2026-11-16,営業部,120";
        const string nextWeek = "week,department,active_users\n2026-11-23,営業部,130";

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, key, week)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, "tdx_guess", week)).StatusCode);
        var refused = await PostAsync(host, key, nextWeek, acceptLanguage: "ja-JP");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.Contains("送信が多すぎます", (string)(await JsonAsync(refused))["error"]!);
        Assert.Equal(new DateOnly(2026, 11, 16), Assert.Single(await StoredAsync(host)).WeekStart);
    }

    [Fact]
    public async Task A_limit_below_one_stops_the_bot_from_starting()
    {
        var error = await StartupFailure.ValidationAsync(async () =>
        {
            await using var host = await BotTestHost.StartAsync(settings: new Dictionary<string, string> { ["Metrics:PostsPerMinute"] = "0" });
        });
        Assert.Equal(typeof(MetricsOptions), error.OptionsType);
        Assert.Contains("PostsPerMinute", error.Message);
    }
}
