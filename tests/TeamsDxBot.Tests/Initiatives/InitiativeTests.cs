using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Initiatives;

public sealed class InitiativeTests : IAsyncLifetime
{
    private BotTestHost host = null!;
    private string sales = "";

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        sales = (await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        await host.SayAsync(BotTestHost.Promoter, "help");
        await host.SayAsync(BotTestHost.Staff, "help");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<IReadOnlyList<Initiative>> ListAsync() => host.Get<InitiativeRepository>().ListAsync(BotTestHost.TenantId, default);

    [Fact]
    public async Task Promoter_creates_an_initiative_with_the_default_target()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = InitiativeCards.SaveVerb, name = "経費精算システム", goLive = "2026-12-01", targetPercent = "", targetDate = "", departmentIds = sales });

        var initiative = Assert.Single(await ListAsync());
        Assert.Equal(70, initiative.TargetPercent);
        Assert.Equal(new DateOnly(2027, 3, 1), initiative.TargetDate);
        Assert.Equal([sales], initiative.DepartmentIds);
        Assert.Contains("施策「経費精算システム」を作成しました", host.SentTo(BotTestHost.Promoter).Last().AllText);

        await host.SayAsync(BotTestHost.Staff, "施策");
        var list = host.SentTo(BotTestHost.Staff).Last().AllText;
        Assert.Contains("経費精算システム", list);
        Assert.Contains("週次利用率 70%（2027-03-01まで）", list);
        Assert.DoesNotContain("新しい施策", list);
    }

    [Fact]
    public async Task Bad_input_is_listed_and_nothing_is_saved()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = InitiativeCards.SaveVerb, name = "", goLive = "2026-13-40", targetPercent = "150", departmentIds = "ghost" });

        Assert.Empty(await ListAsync());
        var reply = host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("保存できませんでした", reply);
        Assert.Contains("名前を入力してください", reply);
        Assert.Contains("稼働日を YYYY-MM-DD 形式で", reply);
        Assert.Contains("1〜100の整数", reply);
        Assert.Contains("不明な部署", reply);
    }

    [Fact]
    public async Task Target_date_must_follow_go_live()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = InitiativeCards.SaveVerb, name = "X", goLive = "2026-12-01", targetPercent = "80", targetDate = "2026-11-01" });
        Assert.Empty(await ListAsync());
        Assert.Contains("目標日は稼働日より後", host.SentTo(BotTestHost.Promoter).Last().AllText);
    }

    [Fact]
    public async Task Editing_keeps_the_id_and_a_stale_edit_is_refused()
    {
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = InitiativeCards.SaveVerb, name = "チャットツール", goLive = "2026-12-01", targetPercent = "70" });
        var created = Assert.Single(await ListAsync());

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = InitiativeCards.SaveVerb, initiativeId = created.Id, name = "社内チャット", goLive = "2026-12-01", targetPercent = "80" });
        var edited = Assert.Single(await ListAsync());
        Assert.Equal(created.Id, edited.Id);
        Assert.Equal("社内チャット", edited.Name);
        Assert.Equal(80, edited.TargetPercent);

        // Writing with the ETag read before the edit loses: nothing is overwritten blindly.
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => host.Get<InitiativeRepository>().ReplaceAsync(created with { Name = "古い" }, default));
        Assert.Equal("社内チャット", Assert.Single(await ListAsync()).Name);
    }

    [Fact]
    public async Task Staff_cannot_create_initiatives()
    {
        await host.SubmitAsync(BotTestHost.Staff, new { verb = InitiativeCards.SaveVerb, name = "勝手な施策", goLive = "2026-12-01" });
        Assert.Empty(await ListAsync());
        Assert.Contains("権限がありません", host.SentTo(BotTestHost.Staff).Last().AllText);
    }
}
