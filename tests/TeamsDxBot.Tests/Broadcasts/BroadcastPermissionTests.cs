using TeamsDxBot.Broadcasts;
using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Broadcasts.BroadcastTestKit;

namespace TeamsDxBot.Tests.Broadcasts;

/// <summary>Who may broadcast to whom, who may change a broadcast, and what is refused before anything is stored.</summary>
public sealed class BroadcastPermissionTests : IAsyncLifetime
{
    private BroadcastTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await StartAsync();
        await kit.SetUpCompanyAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task Staff_are_refused_the_command_and_every_composer_action()
    {
        await Host.SayAsync(BotTestHost.Staff, "help");
        Assert.DoesNotContain("お知らせ", Host.SentTo(BotTestHost.Staff).Last().AllText);
        await Host.SayAsync(BotTestHost.Staff, "お知らせ");
        Assert.Contains("権限", Host.SentTo(BotTestHost.Staff).Last().AllText);
        foreach (var verb in new[] { BroadcastCards.ComposeVerb, BroadcastCards.SaveVerb, BroadcastCards.PreviewVerb, BroadcastCards.SubmitVerb })
        {
            await kit.SubmitAsync(BotTestHost.Staff, Form(verb, departmentIds: kit.Sales));
            Assert.Contains("権限", Host.SentTo(BotTestHost.Staff).Last().AllText);
        }
        Assert.Empty(await kit.AllAsync());
        foreach (var user in new[] { KeyUser, Executive, BotTestHost.Promoter })
        {
            await Host.SayAsync(user, "help");
            Assert.Contains("お知らせ", Host.SentTo(user).Last().AllText);
        }
    }

    [Fact]
    public async Task A_key_user_may_send_to_their_own_department_only()
    {
        await kit.SubmitAsync(KeyUser, Action(BroadcastCards.ComposeVerb, ""));
        var composer = Host.SentTo(KeyUser).Last().Card!.ToJsonString();
        Assert.DoesNotContain(nameof(BroadcastAudience.Everyone), composer, StringComparison.Ordinal);
        Assert.DoesNotContain(kit.Plant, composer, StringComparison.Ordinal);

        await kit.SubmitAsync(KeyUser, Form(BroadcastCards.SubmitVerb, title: "製造部へ", departmentIds: kit.Plant));
        Assert.Contains("キーユーザーが送れるのは、担当する部署（営業部）へのお知らせだけです", Host.SentTo(KeyUser).Last().AllText);
        await kit.SubmitAsync(KeyUser, Form(BroadcastCards.SubmitVerb, title: "両方へ", departmentIds: $"{kit.Sales},{kit.Plant}"));
        Assert.Contains("担当する部署（営業部）", Host.SentTo(KeyUser).Last().AllText);
        await kit.SubmitAsync(KeyUser, Form(BroadcastCards.SaveVerb, title: "全員へ", audience: nameof(BroadcastAudience.Everyone)));
        Assert.Contains("担当する部署（営業部）", Host.SentTo(KeyUser).Last().AllText);
        Assert.Empty(await kit.AllAsync());
        await kit.RunEngineAsync();
        Assert.Empty(kit.Received(PlantStaff, "製造部へ"));

        await kit.SubmitAsync(KeyUser, Form(BroadcastCards.SubmitVerb, title: "営業部の皆さんへ", departmentIds: kit.Sales));
        await kit.RunEngineAsync();
        Assert.Single(kit.Received(BotTestHost.Staff, "営業部の皆さんへ"));
        Assert.Empty(kit.Received(PlantStaff, "営業部の皆さんへ"));
        Assert.False((await kit.OnlyAsync()).ByExecutive);
    }

    [Fact]
    public async Task Bad_urls_and_an_empty_title_are_refused_with_their_reasons_and_nothing_is_stored()
    {
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "", departmentIds: kit.Sales, imageUrl: "http://contoso.example/a.png",
            linkUrl: "javascript:alert(1)"));
        var problems = Host.SentTo(Executive).Last().AllText;
        Assert.Contains("お知らせを保存・送信できませんでした", problems);
        Assert.Contains("タイトルを入力してください（100文字以内）", problems);
        Assert.Contains("画像のURLは https:// で始まる完全なURLにしてください", problems);
        Assert.Contains("リンクボタンの表示名を入力してください", problems);
        Assert.Contains("リンクのURLは https:// で始まる完全なURLにしてください", problems);

        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, body: "", departmentIds: kit.Sales, linkTitle: "資料", linkUrl: "/relative/path"));
        problems = Host.SentTo(Executive).Last().AllText;
        Assert.Contains("本文を入力してください（4000文字以内）", problems);
        Assert.Contains("リンクのURLは", problems);
        Assert.DoesNotContain("表示名", problems);

        await kit.SubmitAsync(Executive, Form(BroadcastCards.SaveVerb, title: new string('長', 101), departmentIds: kit.Sales));
        Assert.Contains("タイトルを入力してください（100文字以内）", Host.SentTo(Executive).Last().AllText);
        await kit.SubmitAsync(Executive, Form(BroadcastCards.PreviewVerb, title: " ", departmentIds: kit.Sales));
        Assert.Contains("タイトルを入力してください", Host.SentTo(Executive).Last().AllText);
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, departmentIds: null));
        Assert.Contains("送り先の部署を1つ以上選んでください", Host.SentTo(Executive).Last().AllText);
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, audience: nameof(BroadcastAudience.Initiative), initiativeId: "nope"));
        Assert.Contains("送り先の施策を選んでください", Host.SentTo(Executive).Last().AllText);
        // A department where the bot reaches nobody yet.
        var (_, empty) = await Host.Get<TeamsDxBot.Directory.DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "総務部", Host.Clock.GetUtcNow(), default);
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, departmentIds: empty!.Id));
        Assert.Contains("送り先に、ボットが届けられる人がいません", Host.SentTo(Executive).Last().AllText);

        Assert.Empty(await kit.AllAsync());
        await kit.RunEngineAsync();
        Assert.All(Everyone, u => Assert.Empty(kit.Received(u, "経費精算を使ってみましょう")));

        // https anywhere, and http only on loopback in Development (the Playground).
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SaveVerb, departmentIds: kit.Sales, imageUrl: "http://127.0.0.1:56150/kickoff.png",
            linkTitle: "手順書", linkUrl: "https://contoso.example/manual"));
        Assert.Equal("http://127.0.0.1:56150/kickoff.png", (await kit.OnlyAsync()).ImageUrl);
    }

    [Fact]
    public async Task Only_the_author_or_a_promoter_may_change_send_or_cancel_a_broadcast()
    {
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "来週の予定", departmentIds: kit.Sales, timing: BroadcastTiming.Once, date: "2026-12-01", time: "09:00"));
        var broadcast = await kit.OnlyAsync();
        foreach (var verb in new[] { BroadcastCards.ComposeVerb, BroadcastCards.SendNowVerb, BroadcastCards.CancelVerb })
        {
            await kit.SubmitAsync(OtherExecutive, Action(verb, broadcast.Id));
            Assert.Contains("権限", Host.SentTo(OtherExecutive).Last().AllText);
        }
        await kit.SubmitAsync(OtherExecutive, Form(BroadcastCards.SubmitVerb, title: "乗っ取り", departmentIds: kit.Sales, broadcastId: broadcast.Id, etag: broadcast.ETag.ToString()));
        Assert.Contains("権限", Host.SentTo(OtherExecutive).Last().AllText);
        await Host.SayAsync(OtherExecutive, "お知らせ");
        Assert.DoesNotContain("来週の予定", Host.SentTo(OtherExecutive).Last().AllText);
        Assert.Equal(BroadcastStatus.Scheduled, (await kit.OnlyAsync()).Status);
        Assert.Equal("来週の予定", (await kit.OnlyAsync()).Title);

        // The promoter sees everyone's broadcasts and may cancel them.
        await Host.SayAsync(BotTestHost.Promoter, "お知らせ");
        var list = Host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("来週の予定", list);
        Assert.Contains("伊藤 誠", list);
        await kit.SubmitAsync(BotTestHost.Promoter, Action(BroadcastCards.CancelVerb, broadcast.Id, BroadcastCards.FromList));
        Assert.Equal(BroadcastStatus.Cancelled, (await kit.OnlyAsync()).Status);
        Assert.Equal("update", Host.SentTo(BotTestHost.Promoter)[^2].Kind);
    }
}
