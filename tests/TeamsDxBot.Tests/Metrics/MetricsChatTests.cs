using TeamsDxBot.Metrics;
using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Metrics.MetricsTestKit;

namespace TeamsDxBot.Tests.Metrics;

public sealed class MetricsChatTests : IAsyncLifetime
{
    private BotTestHost host = null!;
    private string sales = "";
    private string plant = "";

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        (sales, plant) = await SeedAsync(host);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Japanese_headers_in_any_order_are_stored_by_week_and_shown_on_the_card()
    {
        // The clock is Tuesday 2026-11-24; any date of a week files the figures under its Monday.
        const string csv = "部署,週,エラー数,アクティブユーザー数,入力完了率\n営業部,2026/11/18,3,120,87.5%\n製造部,2026-11-16,0,45,\n全社,2026-11-11,12,410,９１％";

        await SaveAsync(host, BotTestHost.Promoter, csv);

        var stored = await StoredAsync(host);
        Assert.Equal(3, stored.Count);
        var company = stored[0];
        Assert.Equal((new DateOnly(2026, 11, 9), (string?)null, 410, 91.0, 12), (company.WeekStart, company.DepartmentId, company.ActiveUsers, company.InputCompletionRate, company.ErrorCount));
        var salesWeek = Assert.Single(stored, m => m.DepartmentId == sales);
        Assert.Equal((new DateOnly(2026, 11, 16), 120, 87.5, 3), (salesWeek.WeekStart, salesWeek.ActiveUsers, salesWeek.InputCompletionRate!.Value, salesWeek.ErrorCount));
        var plantWeek = Assert.Single(stored, m => m.DepartmentId == plant);
        Assert.Null(plantWeek.InputCompletionRate);
        Assert.Equal("chat:" + BotTestHost.Promoter.AadObjectId, plantWeek.Source);

        var reply = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Equal("update", reply.Kind);
        Assert.Contains("「経費精算システム」の実績値を3件保存しました", reply.AllText);
        Assert.Contains("新規 3件、置き換え 0件", reply.AllText);

        await host.SayAsync(BotTestHost.Promoter, "実績値");
        var card = host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("2026-11-16 の週", card);
        Assert.Contains("アクティブ 120人 · 入力完了率 87.5% · エラー 3件", card);
        Assert.Contains("全社", card);
        Assert.Contains("アクティブ 410人", card);
    }

    [Fact]
    public async Task English_headers_tab_separated_and_department_names_in_any_case_are_stored()
    {
        const string csv = "week\tdepartment\tactive_users\tinput_completion_rate\terror_count\n2026-11-16\tSALES\t5\t50\t1";
        await host.Get<TeamsDxBot.Directory.DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "Sales", host.Clock.GetUtcNow(), default);

        await SaveAsync(host, BotTestHost.Promoter, csv, Chat);

        var stored = Assert.Single(await StoredAsync(host, Chat));
        Assert.Equal((5, 50.0, 1), (stored.ActiveUsers, stored.InputCompletionRate, stored.ErrorCount));
        Assert.Empty(await StoredAsync(host, Expenses));
    }

    [Fact]
    public async Task Problems_on_lines_3_and_5_are_all_reported_the_form_comes_back_filled_and_nothing_is_stored()
    {
        const string csv = "week,department,active_users,input_completion_rate,error_count\n" +
            "2026-11-16,営業部,120,87.5%,3\n" +
            "2026-11-16,経理部,10,50,1\n" +
            "2026-11-09,営業部,100,80,2\n" +
            "2026-11-09,*,abc,101%,\n";

        await SaveAsync(host, BotTestHost.Promoter, csv);

        Assert.Empty(await StoredAsync(host));
        var reply = host.SentTo(BotTestHost.Promoter).Last();
        // A new message, so the card the promoter typed into stays as it was.
        Assert.Equal("reply", reply.Kind);
        Assert.Contains("実績値に3件の問題があります", reply.AllText);
        Assert.Contains("何も保存していません", reply.AllText);
        Assert.Contains("3行目：部署「経理部」はありません", reply.AllText);
        Assert.Contains("5行目：アクティブユーザー数「abc」は0以上の整数にしてください", reply.AllText);
        Assert.Contains("5行目：入力完了率「101%」は0〜100の数値にしてください", reply.AllText);
        Assert.DoesNotContain("2行目", reply.AllText);
        Assert.DoesNotContain("4行目", reply.AllText);
        Assert.Equal(csv, InputValue(reply, "csv"));
        Assert.Equal(Expenses, InputValue(reply, "initiativeId"));
    }

    [Fact]
    public async Task Duplicate_weeks_missing_header_future_weeks_and_rows_without_figures_are_refused()
    {
        // 2026-11-17 and 2026-11-19 are the same week; 2026-11-30 has not started on 2026-11-24.
        const string csv = "week,department,active_users\n2026-11-17,営業部,1\n\n2026-11-19,営業部,2\n2026-11-30,,3\n2026-11-16,製造部,";
        var service = host.Get<ToolMetricsService>();

        var result = await service.UploadCsvAsync(BotTestHost.TenantId, Expenses, "test", csv, default);

        Assert.False(result.Stored);
        Assert.Equal(
            [(4, nameof(Resources.Strings.Metrics_DuplicateRow)), (5, nameof(Resources.Strings.Metrics_WeekInFuture)), (6, nameof(Resources.Strings.Metrics_NoFigures))],
            result.Problems.Select(p => (p.Line, p.Key)));
        Assert.Equal("営業部", result.Problems[0].Args[1]);
        Assert.Equal(2, result.Problems[0].Args[2]);

        var headerless = await service.UploadCsvAsync(BotTestHost.TenantId, Expenses, "test", "2026-11-16,営業部,1,2,3", default);
        Assert.Equal((1, nameof(Resources.Strings.Metrics_HeaderMissing)), (headerless.Problems.Single().Line, headerless.Problems.Single().Key));

        var tooMany = "week,active_users\n" + string.Join("\n", Enumerable.Range(0, MetricsInput.MaxRows + 1).Select(i => $"2020-01-01,{i}"));
        Assert.Equal(nameof(Resources.Strings.Metrics_TooManyRows), (await service.UploadCsvAsync(BotTestHost.TenantId, Expenses, "test", tooMany, default)).Problems.Single().Key);
        Assert.Empty(await StoredAsync(host));
    }

    [Fact]
    public async Task Sending_the_same_week_and_department_again_replaces_it()
    {
        await SaveAsync(host, BotTestHost.Promoter, "週,部署,アクティブユーザー数,入力完了率\n2026-11-16,営業部,120,87.5\n2026-11-16,製造部,40,70");
        await SaveAsync(host, BotTestHost.Promoter, "週,部署,アクティブユーザー数\n2026-11-20,営業部,130");

        var stored = await StoredAsync(host);
        Assert.Equal(2, stored.Count);
        var salesWeek = Assert.Single(stored, m => m.DepartmentId == sales);
        Assert.Equal(130, salesWeek.ActiveUsers);
        // Replaced as a whole: the rate not sent again is not kept from before.
        Assert.Null(salesWeek.InputCompletionRate);
        Assert.Equal(40, Assert.Single(stored, m => m.DepartmentId == plant).ActiveUsers);
        Assert.Contains("新規 0件、置き換え 1件", host.SentTo(BotTestHost.Promoter).Last().AllText);
    }

    [Fact]
    public async Task Staff_can_neither_open_metrics_nor_use_its_buttons()
    {
        await host.SayAsync(BotTestHost.Staff, "実績値");
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);

        await SaveAsync(host, BotTestHost.Staff, "week,active_users\n2026-11-16,5");
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Empty(await StoredAsync(host));

        await host.SubmitAsync(BotTestHost.Staff, new { verb = MetricsCards.RotateKeyVerb, keyInitiativeId = Expenses, confirmed = true });
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Empty(await host.Get<ApiKeyRepository>().ListAsync(BotTestHost.TenantId, default));

        var key = await RotateAsync(host);
        await host.SubmitAsync(BotTestHost.Staff, new { verb = MetricsCards.RevokeKeyVerb, keyInitiativeId = Expenses, confirmed = true });
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await PostAsync(host, key, "week,active_users\n2026-11-16,5")).StatusCode);

        await host.SayAsync(BotTestHost.Staff, "help");
        Assert.DoesNotContain("実績値", host.SentTo(BotTestHost.Staff).Last().AllText);
        await host.SayAsync(BotTestHost.Promoter, "help");
        Assert.Contains("実績値", host.SentTo(BotTestHost.Promoter).Last().AllText);
    }

    [Fact]
    public async Task The_card_offers_every_initiative_and_its_key_state()
    {
        await RotateAsync(host, Chat);

        await host.SayAsync(BotTestHost.Promoter, "metrics");

        var card = host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("経費精算システム", card);
        Assert.Contains("社内チャット", card);
        Assert.Contains("週,部署,アクティブユーザー数,入力完了率,エラー数", card);
        Assert.Contains("APIキーはありません", card);
        Assert.Contains("有効なキー：tdx\\_", card);
        Assert.Contains("キーを再発行", card);
        Assert.Contains("キーを発行", card);
    }
}
