using TeamsDxBot.Broadcasts;
using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Broadcasts.BroadcastTestKit;

namespace TeamsDxBot.Tests.Broadcasts;

/// <summary>Compose, preview, send, acknowledge and report, through the real host.</summary>
public sealed class BroadcastFlowTests : IAsyncLifetime
{
    private const string Title = "経費精算を使ってみましょう";
    private BroadcastTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await StartAsync();
        await kit.SetUpCompanyAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task Preview_goes_to_the_author_only_then_send_now_reaches_that_department_and_acks_count_once_per_person()
    {
        await Host.SayAsync(Executive, "お知らせ");
        var list = Host.SentTo(Executive).Last().AllText;
        Assert.Contains("まだお知らせはありません", list);
        Assert.Contains("新しいお知らせ", list);
        await kit.SubmitAsync(Executive, Action(BroadcastCards.ComposeVerb, ""));
        var composer = Host.SentTo(Executive).Last();
        Assert.Contains("タイトル", composer.AllText);
        Assert.Contains("時刻のタイムゾーン：Asia/Tokyo", composer.AllText);

        // Preview: the exact card, to the author only, and nothing stored or queued.
        await kit.SubmitAsync(Executive, Form(BroadcastCards.PreviewVerb, departmentIds: kit.Sales, linkTitle: "マニュアル", linkUrl: "https://contoso.example/manual"));
        var preview = Host.SentTo(Executive).Last();
        Assert.Contains("プレビュー（あなたにだけ表示しています）", preview.AllText);
        Assert.Equal(Title, preview.Card!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Contains("やってみます", preview.AllText);
        Assert.Contains("マニュアル", preview.AllText);
        Assert.Contains("伊藤 誠 より", preview.AllText);
        // The composer is shown again with what was typed, still a new broadcast.
        var refilled = Host.SentTo(Executive)[^2];
        Assert.Equal("update", refilled.Kind);
        Assert.Contains("新しいお知らせ", refilled.AllText);
        Assert.Contains(Title, refilled.AllText);
        Assert.Empty(await kit.AllAsync());
        await kit.RunEngineAsync();
        Assert.All(Everyone, u => Assert.Empty(kit.Received(u, Title)));
        await kit.SubmitAsync(Executive, AckData(preview));
        Assert.Contains("プレビューです", Host.SentTo(Executive).Last().AllText);

        // Send now: the composer becomes "sending", everyone in 営業部 gets it once, nobody else does.
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, departmentIds: kit.Sales, linkTitle: "マニュアル", linkUrl: "https://contoso.example/manual"));
        var sending = Host.SentTo(Executive).Last();
        Assert.Equal("update", sending.Kind);
        Assert.Contains($"お知らせ「{Title}」を送信しています", sending.AllText);
        Assert.Contains("（4人）", sending.AllText);
        await kit.RunEngineAsync();
        foreach (var user in SalesPeople)
        {
            Assert.Single(kit.Received(user, Title));
        }
        foreach (var user in Everyone.Except(SalesPeople))
        {
            Assert.Empty(kit.Received(user, Title));
        }
        Assert.Contains("I'll try it", kit.Received(BotTestHost.EnglishStaff, Title)[0].AllText);
        Assert.Contains("From 伊藤 誠", kit.Received(BotTestHost.EnglishStaff, Title)[0].AllText);
        Assert.Contains("やってみます", kit.Received(BotTestHost.Staff, Title)[0].AllText);
        Assert.Single(Host.SentTo(Executive), c => c.Kind == "send" && c.Text?.Contains($"お知らせ「{Title}」を4人に送っています", StringComparison.Ordinal) == true);
        var broadcast = await kit.OnlyAsync();
        Assert.Equal(BroadcastStatus.Sent, broadcast.Status);
        Assert.Equal(4, Assert.Single(broadcast.Occurrences).Recipients);

        // "I'll try it": stored once, the card says thanks; a second press changes nothing.
        var staffCard = kit.Received(BotTestHost.Staff, Title)[0];
        await kit.SubmitAsync(BotTestHost.Staff, AckData(staffCard));
        var thanks = Host.SentTo(BotTestHost.Staff).Last();
        Assert.Equal("update", thanks.Kind);
        Assert.Contains("ありがとうございます", thanks.AllText);
        Assert.Contains(Title, thanks.AllText);
        Assert.DoesNotContain(BroadcastCards.AckVerb, thanks.Card!.ToJsonString(), StringComparison.Ordinal);
        await kit.SubmitAsync(BotTestHost.Staff, AckData(staffCard));
        Assert.Single(await kit.AcksAsync(broadcast.Id));
        await kit.SubmitAsync(SalesThird, AckData(kit.Received(SalesThird, Title)[0]));
        await kit.SubmitAsync(KeyUser, AckData(kit.Received(KeyUser, Title)[0]));
        // Someone it was not sent to cannot acknowledge it with a copied button.
        await kit.SubmitAsync(PlantStaff, AckData(staffCard));
        Assert.Contains("権限", Host.SentTo(PlantStaff).Last().AllText);
        var acks = await kit.AcksAsync(broadcast.Id);
        Assert.Equal(3, acks.Count);
        Assert.All(acks, a => Assert.Equal(kit.Sales, a.DepartmentId));

        // The author's report: delivery per occurrence and acknowledgements per department, never names.
        await Host.SayAsync(Executive, "お知らせ");
        var report = Host.SentTo(Executive).Last().AllText;
        Assert.Contains("送信済み", report);
        Assert.Contains("送信 4 · 失敗 0 · 届かない 0 · 送信待ち 0", report);
        Assert.Contains("3人（営業部 3）", report);
        Assert.DoesNotContain("社員 花子", report);
        Assert.DoesNotContain("営業 三郎", report);
    }

    [Fact]
    public async Task An_initiatives_audience_is_its_departments_or_everyone_when_it_has_none_and_the_image_shows()
    {
        var initiatives = Host.Get<TeamsDxBot.Initiatives.InitiativeRepository>();
        var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().UtcDateTime);
        foreach (var (id, name, departments) in new[] { ("plant-tool", "生産管理システム", new[] { kit.Plant }), ("all-tool", "勤怠システム", Array.Empty<string>()) })
        {
            await initiatives.AddAsync(new TeamsDxBot.Initiatives.Initiative
            {
                TenantId = BotTestHost.TenantId, Id = id, Name = name, GoLive = today, TargetDate = today.AddMonths(3),
                DepartmentIds = departments, CreatedAt = Host.Clock.GetUtcNow(),
            }, default);
        }

        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "製造部の皆さんへ", audience: nameof(BroadcastAudience.Initiative), initiativeId: "plant-tool",
            imageUrl: "https://contoso.example/kickoff.png"));
        await kit.RunEngineAsync();
        Assert.Equal([Executive.Name, OtherExecutive.Name, PlantStaff.Name], Everyone.Where(u => kit.Received(u, "製造部の皆さんへ").Count == 1).Select(u => u.Name).Order(StringComparer.Ordinal));
        Assert.Contains("https://contoso.example/kickoff.png", kit.Received(PlantStaff, "製造部の皆さんへ")[0].Card!.ToJsonString());

        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: "勤怠の皆さんへ", audience: nameof(BroadcastAudience.Initiative), initiativeId: "all-tool"));
        await kit.RunEngineAsync();
        Assert.All(Everyone, user => Assert.Single(kit.Received(user, "勤怠の皆さんへ")));
    }

    [Fact]
    public async Task The_authors_report_counts_failed_and_unreachable_recipients()
    {
        // One person blocked the bot (403: unreachable); Teams refuses another's message outright (413: failed).
        Host.Connector.InjectFault(SalesThird.ConversationId, TeamsDxBot.FakeConnector.FaultKind.Forbidden);
        Host.Connector.InjectFault(PlantStaff.ConversationId, TeamsDxBot.FakeConnector.FaultKind.PayloadTooLarge);
        await kit.SubmitAsync(BotTestHost.Promoter, Form(BroadcastCards.SubmitVerb, title: "全社のお知らせ", audience: nameof(BroadcastAudience.Everyone)));
        await kit.RunEngineAsync();

        await Host.SayAsync(BotTestHost.Promoter, "broadcasts");
        Assert.Contains("送信 6 · 失敗 1 · 届かない 1 · 送信待ち 0", Host.SentTo(BotTestHost.Promoter).Last().AllText);
    }

    [Fact]
    public async Task Departments_with_fewer_acknowledgements_than_the_threshold_are_folded_into_other()
    {
        await kit.SubmitAsync(BotTestHost.Promoter, Form(BroadcastCards.SubmitVerb, title: "全社のお知らせ", audience: nameof(BroadcastAudience.Everyone)));
        await kit.RunEngineAsync();
        foreach (var user in Everyone)
        {
            Assert.Single(kit.Received(user, "全社のお知らせ"));
        }
        foreach (var user in new[] { BotTestHost.Staff, SalesThird, KeyUser, PlantStaff })
        {
            await kit.SubmitAsync(user, AckData(kit.Received(user, "全社のお知らせ")[0]));
        }
        await Host.SayAsync(BotTestHost.Promoter, "broadcasts");
        var report = Host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("送信 8 · 失敗 0", report);
        // Sales 3 and plant 1 at k = 3: "other" alone would be plant's one person, so sales joins it and
        // only the total is left (a breakdown of a single "other" would be the total again).
        Assert.Contains("4人", report);
        Assert.DoesNotContain("営業部 3", report);
        Assert.DoesNotContain("製造部 1", report);
        Assert.DoesNotContain("その他 1", report);
        Assert.DoesNotContain("製造 一子", report);

        var figures = AckFigures.Fold(
            [new("t", "b", "a", "d1", 1, default), new("t", "b", "b", "d1", 1, default), new("t", "b", "c", "d2", 1, default), new("t", "b", "d", "", 1, default)], threshold: 2);
        Assert.Equal(4, figures.Total);
        Assert.Equal(new (string?, int)[] { ("d1", 2), (null, 2) }, figures.Groups);
    }

    [Fact]
    public async Task A_draft_is_saved_listed_reopened_and_updated_in_place()
    {
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SaveVerb, title: "下書きです", body: "", departmentIds: kit.Sales, timing: BroadcastTiming.Weekly, date: "2026-12-07", count: "4"));
        var draft = await kit.OnlyAsync();
        Assert.Equal(BroadcastStatus.Draft, draft.Status);
        Assert.Empty(draft.Occurrences);
        Assert.Equal(BroadcastTiming.Weekly, draft.Schedule.Timing);
        Assert.Contains("下書き「下書きです」を保存しました", Host.SentTo(Executive).Last().AllText);
        // The composer was replaced by one that carries the draft, so saving again updates it.
        var replaced = Host.SentTo(Executive)[^2];
        Assert.Equal("update", replaced.Kind);
        Assert.Contains(draft.Id, replaced.Card!.ToJsonString(), StringComparison.Ordinal);

        await Host.SayAsync(Executive, "お知らせ");
        var list = Host.SentTo(Executive).Last().AllText;
        Assert.Contains("下書き", list);
        Assert.Contains("下書きです", list);
        Assert.Contains("今すぐ送信", list);
        await kit.SubmitAsync(Executive, Action(BroadcastCards.ComposeVerb, draft.Id, BroadcastCards.FromList));
        var composer = Host.SentTo(Executive).Last();
        Assert.Contains("お知らせを編集", composer.AllText);
        Assert.Contains("2026-12-07", composer.Card!.ToJsonString(), StringComparison.Ordinal);

        await kit.SubmitAsync(Executive, Form(BroadcastCards.SaveVerb, title: "下書きです（改）", body: "本文も書きました", departmentIds: kit.Sales, broadcastId: draft.Id, etag: draft.ETag.ToString()));
        var updated = await kit.OnlyAsync();
        Assert.Equal("下書きです（改）", updated.Title);
        Assert.Equal(draft.Id, updated.Id);
        // Sending a draft needs its body; sending it "now" from the list sends one message.
        await kit.SubmitAsync(Executive, Action(BroadcastCards.SendNowVerb, draft.Id, BroadcastCards.FromList));
        Assert.Contains("お知らせ「下書きです（改）」を送信しています", Host.SentTo(Executive).Last().AllText);
        await kit.RunEngineAsync();
        Assert.Single(kit.Received(BotTestHost.Staff, "下書きです（改）"));
        Assert.Equal(BroadcastStatus.Sent, (await kit.OnlyAsync()).Status);
        await kit.SubmitAsync(Executive, Action(BroadcastCards.SendNowVerb, draft.Id, BroadcastCards.FromList));
        Assert.Contains("変更できません", Host.SentTo(Executive).Last().AllText);
        await kit.RunEngineAsync();
        Assert.Single(kit.Received(BotTestHost.Staff, "下書きです（改）"));
    }
}
