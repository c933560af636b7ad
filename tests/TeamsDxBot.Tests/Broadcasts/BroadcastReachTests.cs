using TeamsDxBot.Broadcasts;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;
using static TeamsDxBot.Tests.Broadcasts.BroadcastTestKit;

namespace TeamsDxBot.Tests.Broadcasts;

/// <summary>The author (and the promoters) see who a broadcast does not reach, by name, with what to do.</summary>
public sealed class BroadcastReachTests : IAsyncLifetime
{
    private const string Title = "営業部の皆さんへ";
    private BroadcastTestKit kit = null!;
    private BotTestHost Host => kit.Host;

    public async Task InitializeAsync()
    {
        kit = await StartAsync();
        await kit.SetUpCompanyAsync();
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task A_department_of_four_with_one_the_bot_cannot_reach_says_three_and_names_the_fourth()
    {
        // 営業 三郎 blocked the bot; 推進 太郎 (the promoter) has no department.
        await kit.SetAsync(SalesThird, p => p with { Reachability = Reachability.Unreachable });
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: Title, departmentIds: kit.Sales));
        var sending = Host.SentTo(Executive).Last();
        Assert.Contains("営業部（部署未設定の1人、ボットが届かない1人は対象外）", sending.AllText);
        Assert.Contains("（3人）", sending.AllText);
        Assert.Contains("ボットが届かない：営業 三郎", sending.AllText);
        Assert.Contains("部署未設定：推進 太郎", sending.AllText);
        // An executive cannot set departments: told whom to ask, no button.
        Assert.Contains("DX 推進担当者に依頼してください", sending.AllText);
        Assert.DoesNotContain("部署を設定する", sending.AllText);

        await kit.RunEngineAsync();
        Assert.Empty(kit.Received(SalesThird, Title));
        var note = Assert.Single(Host.SentTo(Executive), c => c.Kind == "send" && c.Text?.Contains($"お知らせ「{Title}」を3人に送っています", StringComparison.Ordinal) == true);
        Assert.Contains("部署未設定の1人、ボットが届かない1人は対象外です（推進 太郎、営業 三郎）", note.Text);

        // The list shows it too; a promoter gets the button to where departments are set.
        await Host.SayAsync(Executive, "お知らせ");
        Assert.Contains("ボットが届かない：営業 三郎", Host.SentTo(Executive).Last().AllText);
        await Host.SayAsync(BotTestHost.Promoter, "お知らせ");
        var list = Host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("ボットが届かない：営業 三郎", list.AllText);
        Assert.Contains("部署を設定する", list.AllText);
        Assert.Contains("\"command\":\"roles\"", list.Card!.ToJsonString());

        // English authors read it in English.
        await kit.SetAsync(KeyUser, p => p with { PreferredLanguage = "en-US" });
        await kit.SubmitAsync(KeyUser, Form(BroadcastCards.SubmitVerb, title: "Sales update", departmentIds: kit.Sales));
        Assert.Contains("(1 without a department, 1 the bot cannot reach left out)", Host.SentTo(KeyUser).Last().AllText);
    }

    [Fact]
    public async Task A_single_department_audience_counts_every_acknowledgement_under_its_name_not_other()
    {
        await kit.SubmitAsync(Executive, Form(BroadcastCards.SubmitVerb, title: Title, departmentIds: kit.Sales));
        await kit.RunEngineAsync();
        // One recipient has left 営業部 (no department now) before pressing "I'll try it".
        await kit.SetAsync(BotTestHost.EnglishStaff, p => p with { DepartmentId = null });
        foreach (var user in SalesPeople)
        {
            await kit.SubmitAsync(user, AckData(kit.Received(user, Title)[0]));
        }
        await Host.SayAsync(Executive, "お知らせ");
        var report = Host.SentTo(Executive).Last().AllText;
        Assert.Contains("4人（営業部 4）", report);
        Assert.DoesNotContain("その他", report);
    }
}
