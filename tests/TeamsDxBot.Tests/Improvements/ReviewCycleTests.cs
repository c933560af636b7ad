using TeamsDxBot.Delivery;
using TeamsDxBot.Improvements;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Tests.Pulse;

namespace TeamsDxBot.Tests.Improvements;

/// <summary>The 3/6/12-month cycle: review survey, review report with open items, improvement items and "you said, we did".</summary>
public sealed class ReviewCycleTests : IAsyncLifetime
{
    private static readonly TestUser S3 = new("aad-s3", "営業 三郎", "s3@contoso.example");
    private static readonly TestUser Plant = new("aad-p1", "製造 一子", "p1@contoso.example");
    private static readonly TestUser Executive = new("aad-exec", "社長 太郎", "ceo@contoso.example");
    private PulseTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await PulseTestKit.StartAsync(new Dictionary<string, string> { ["Anonymity:Threshold"] = "3" });
        // Went live Monday 2026-08-24: the 3-month review is due Tuesday 2026-11-24 10:00 JST (the test clock's start).
        await kit.SetUpCompanyAsync([S3, Plant, Executive], goLive: new DateOnly(2026, 8, 24));
        foreach (var user in new[] { BotTestHost.Staff, BotTestHost.EnglishStaff, S3 })
        {
            await kit.SetAsync(user, p => p with { DepartmentId = kit.Sales });
        }
        await kit.SetAsync(Plant, p => p with { DepartmentId = kit.Plant });
        await kit.SetAsync(Executive, p => p with { IsExecutive = true, PulsePausedUntil = new DateOnly(2027, 12, 1) });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task Review_survey_at_three_months_then_a_review_report_with_voices_and_open_items()
    {
        await kit.TickAsync();
        var runs = await Host.Get<PulseRunRepository>().ListAsync(BotTestHost.TenantId, default);
        var review = Assert.Single(runs, r => r.Kind == PulseRunKind.Review);
        Assert.Equal("tool_review3", review.Id);
        Assert.DoesNotContain(runs, r => r.Id is "tool_review6" or "tool_review12");
        var card = kit.Surveys(BotTestHost.Staff).Last().AllText;
        Assert.Contains("経費精算システム 導入3か月の振り返りアンケート", card);
        Assert.Contains("うまくいっていることは？", card);
        Assert.Contains("変えてほしいこと・改善してほしいことは？", card);

        foreach (var (user, works) in new[] { (BotTestHost.Staff, "申請が早い"), (BotTestHost.EnglishStaff, "Mobile works"), (S3, "承認が楽") })
        {
            await kit.SubmitAsync(user, kit.LastSurveyData(user), new Dictionary<string, string>
            {
                ["q_usage"] = "daily", ["q_ease"] = "4", ["q_works"] = works, ["q_change"] = "検索を速くしてほしい",
            });
        }
        await Host.SubmitAsync(BotTestHost.Promoter, new
        {
            verb = ImprovementCards.SaveVerb, initiativeId = "tool", title = "検索の高速化", owner = "情報システム部", status = "AskedVendor", source = "検索を速くしてほしい（3件）",
        });
        Assert.Contains("改善項目「検索の高速化」を保存しました", Host.SentTo(BotTestHost.Promoter).Last().AllText);

        // Five business days after Tuesday 10:00 JST is the next Tuesday 10:00; reported after the grace period.
        Host.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 1, 5, 0, TimeSpan.Zero));
        await kit.TickAsync();
        foreach (var reader in new[] { BotTestHost.Promoter, Executive })
        {
            var report = Host.SentTo(reader).Last(c => c.AllText.Contains("振り返りレポート", StringComparison.Ordinal)).AllText;
            Assert.Contains("経費精算システム 導入3か月の振り返りレポート", report);
            Assert.Contains("申請が早い", report);
            Assert.Contains("検索を速くしてほしい", report);
            Assert.Contains("未完了の改善項目", report);
            Assert.Contains("検索の高速化（ベンダーに依頼中 · 情報システム部）", report);
            Assert.DoesNotContain("社員 花子", report);
        }
        Assert.DoesNotContain(Host.SentTo(S3), c => c.AllText.Contains("振り返りレポート", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Done_item_is_announced_once_to_the_departments_concerned()
    {
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = ImprovementCards.SaveVerb, initiativeId = "tool", title = "", status = "Open" });
        Assert.Contains("タイトルを入力してください", Host.SentTo(BotTestHost.Promoter).Last().AllText);
        await Host.SubmitAsync(BotTestHost.Staff, new { verb = ImprovementCards.SaveVerb, initiativeId = "tool", title = "x", status = "Open" });
        Assert.Contains("権限", Host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.Empty(await Host.Get<ImprovementRepository>().ListAsync(BotTestHost.TenantId, default));

        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = ImprovementCards.SaveVerb, initiativeId = "tool", title = "マニュアルを1枚に", status = "Open", departmentIds = kit.Sales });
        var item = Assert.Single(await Host.Get<ImprovementRepository>().ListAsync(BotTestHost.TenantId, default));
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = ImprovementCards.AnnounceVerb, improvementId = item.Id, message = "まだ" });
        Assert.Contains("「完了」の改善項目だけ", Host.SentTo(BotTestHost.Promoter).Last().AllText);

        // Someone else's edit in between: the stale card is refused and the latest is shown.
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = ImprovementCards.SaveVerb, improvementId = item.Id, etag = item.ETag.ToString(), initiativeId = "tool", title = "マニュアルを1枚に", status = "Done", departmentIds = kit.Sales });
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = ImprovementCards.SaveVerb, improvementId = item.Id, etag = item.ETag.ToString(), initiativeId = "tool", title = "古い", status = "Open" });
        Assert.Contains("ほかの人が先に変更しました", Host.SentTo(BotTestHost.Promoter)[^2].AllText);
        Assert.Equal(ImprovementStatus.Done, (await Host.Get<ImprovementRepository>().GetAsync(BotTestHost.TenantId, item.Id, default))!.Status);

        await Host.SayAsync(BotTestHost.Promoter, "改善");
        Assert.Contains("「声から改善しました」を送る", Host.SentTo(BotTestHost.Promoter).Last().AllText);
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = ImprovementCards.AnnounceFormVerb, improvementId = item.Id });
        Assert.Contains("「マニュアルを1枚に」を改善しました", Host.SentTo(BotTestHost.Promoter).Last().AllText);
        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = ImprovementCards.AnnounceVerb, improvementId = item.Id, message = "マニュアルを1枚にまとめました。" });
        Assert.Contains("3人にお知らせを送っています", Host.SentTo(BotTestHost.Promoter).Last().AllText);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Contains("皆さんの声から改善しました", Host.SentTo(S3).Last().AllText);
        Assert.Contains("You said, we did", Host.SentTo(BotTestHost.EnglishStaff).Last().AllText);
        Assert.DoesNotContain(Host.SentTo(Plant), c => c.AllText.Contains("皆さんの声から改善しました", StringComparison.Ordinal));

        await Host.SubmitAsync(BotTestHost.Promoter, new { verb = ImprovementCards.AnnounceVerb, improvementId = item.Id, message = "もう一度" });
        Assert.Contains("すでにお知らせ済み", Host.SentTo(BotTestHost.Promoter).Last().AllText);
        await Host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        Assert.Single(Host.SentTo(S3), c => c.AllText.Contains("皆さんの声から改善しました", StringComparison.Ordinal));
    }
}
