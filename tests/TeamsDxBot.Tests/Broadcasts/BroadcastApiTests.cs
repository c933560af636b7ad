using TeamsDxBot.Broadcasts;
using TeamsDxBot.Tests.Infrastructure;
using static TeamsDxBot.Tests.Broadcasts.BroadcastTestKit;

namespace TeamsDxBot.Tests.Broadcasts;

/// <summary>What other features (the nudges) call: drafts made for someone, the compose and send-now verbs, and the last executive send.</summary>
public sealed class BroadcastApiTests : IAsyncLifetime
{
    private BroadcastTestKit kit = null!;
    private BotTestHost Host => kit.Host;
    private BroadcastService Service => Host.Get<BroadcastService>();

    public async Task InitializeAsync()
    {
        kit = await StartAsync();
        await kit.SetUpCompanyAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task A_draft_made_for_an_executive_opens_in_the_composer_and_sends_now_and_counts_as_the_last_executive_send()
    {
        Assert.Null(await Service.LastExecutiveSendAsync(BotTestHost.TenantId, default));
        var executive = (await kit.PersonAsync(Executive))!;
        var draft = await Service.CreateDraftAsync(executive, new BroadcastDraft("今月もありがとう", "経費精算の利用率が上がっています。", BroadcastAudience.Departments, [kit.Sales], null, true), default);
        Assert.Equal(BroadcastStatus.Draft, draft.Status);
        Assert.Empty(draft.Occurrences);
        Assert.True(draft.ByExecutive);
        Assert.Equal(draft.Id, (await kit.OnlyAsync()).Id);

        await kit.SubmitAsync(OtherExecutive, Action(BroadcastCards.ComposeVerb, draft.Id));
        Assert.Contains("権限", Host.SentTo(OtherExecutive).Last().AllText);
        await kit.SubmitAsync(Executive, Action(BroadcastCards.ComposeVerb, draft.Id));
        var composer = Host.SentTo(Executive).Last();
        Assert.Contains("お知らせを編集", composer.AllText);
        Assert.Contains("今月もありがとう", composer.AllText);
        Assert.Contains("経費精算の利用率が上がっています。", composer.AllText);

        Host.Clock.Advance(TimeSpan.FromHours(1));
        await kit.SubmitAsync(Executive, Action(BroadcastCards.SendNowVerb, draft.Id));
        Assert.Contains("お知らせ「今月もありがとう」を送信しています", Host.SentTo(Executive).Last().AllText);
        await kit.RunEngineAsync();
        foreach (var user in SalesPeople)
        {
            Assert.Single(kit.Received(user, "今月もありがとう"));
        }
        Assert.Equal(Host.Clock.GetUtcNow(), await Service.LastExecutiveSendAsync(BotTestHost.TenantId, default));

        // A key user's broadcast is not an executive's.
        var keyUser = (await kit.PersonAsync(KeyUser))!;
        var byKeyUser = await Service.CreateDraftAsync(keyUser, new BroadcastDraft("営業部のコツ", "申請は金曜までに。", BroadcastAudience.Departments, [kit.Sales], null, false), default);
        Host.Clock.Advance(TimeSpan.FromHours(1));
        await kit.SubmitAsync(KeyUser, Action(BroadcastCards.SendNowVerb, byKeyUser.Id));
        Assert.Equal(Host.Clock.GetUtcNow() - TimeSpan.FromHours(1), await Service.LastExecutiveSendAsync(BotTestHost.TenantId, default));
    }

    [Fact]
    public async Task Drafts_are_refused_for_people_who_may_not_send_them()
    {
        var staff = (await kit.PersonAsync(BotTestHost.Staff))!;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Service.CreateDraftAsync(staff, new BroadcastDraft("x", "y", BroadcastAudience.Everyone, [], null, false), default));
        var keyUser = (await kit.PersonAsync(KeyUser))!;
        var refused = await Assert.ThrowsAsync<ArgumentException>(() =>
            Service.CreateDraftAsync(keyUser, new BroadcastDraft("x", "y", BroadcastAudience.Departments, [kit.Plant], null, false), default));
        Assert.Contains("Key users can only send to the departments they support", refused.Message);
        var executive = (await kit.PersonAsync(Executive))!;
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Service.CreateDraftAsync(executive, new BroadcastDraft(" ", "y", BroadcastAudience.Everyone, [], null, false), default));
        Assert.Empty(await kit.AllAsync());
    }
}
