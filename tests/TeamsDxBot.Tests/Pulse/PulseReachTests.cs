using TeamsDxBot.Directory;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Pulse;

/// <summary>今すぐ配信 says who the survey leaves out, by name, and where to fix it.</summary>
public sealed class PulseReachTests
{
    private static readonly TestUser Blocked = new("aad-blocked", "営業 四郎", "s4@contoso.example");
    private static readonly TestUser Away = new("aad-away", "営業 五郎", "s5@contoso.example");

    [Fact]
    public async Task Run_now_says_how_many_it_reaches_who_is_left_out_and_why_with_a_button_to_set_departments()
    {
        var kit = await PulseTestKit.StartAsync();
        await using var host = kit.Host;
        await kit.SetUpCompanyAsync([Blocked, Away]);
        var initiatives = host.Get<TeamsDxBot.Initiatives.InitiativeRepository>();
        await initiatives.ReplaceAsync((await initiatives.GetAsync(BotTestHost.TenantId, "tool", default))! with { DepartmentIds = [kit.Sales] }, default);
        await kit.SetAsync(BotTestHost.Staff, p => p with { DepartmentId = kit.Sales });
        await kit.SetAsync(Blocked, p => p with { DepartmentId = kit.Sales, Reachability = Reachability.Unreachable });
        await kit.SetAsync(Away, p => p with { DepartmentId = kit.Sales, PulsePausedUntil = new DateOnly(2026, 12, 31) });

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        var started = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("1人に配信します（部署未設定の2人、ボットが届かない1人、一時停止中の1人は対象外）。締め切り：11/27（金）10:00", started.AllText);
        // Reach is not an answer: the people left out are named, with what fixes it.
        Assert.Contains("部署未設定：Alex Smith、推進 太郎", started.AllText);
        Assert.Contains("ボットが届かない：営業 四郎", started.AllText);
        Assert.Contains("全社チームに追加するか", started.AllText);
        Assert.DoesNotContain("営業 五郎", started.AllText);
        var button = started.Card!["body"]!.AsArray().Last()!["items"]!.AsArray().Last()!["actions"]![0]!;
        Assert.Equal("部署を設定する", button["title"]!.GetValue<string>());
        Assert.Equal("roles", button["data"]!["command"]!.GetValue<string>());
        Assert.Equal(1, (await kit.OnlyRunAsync()).Invited.Values.Sum());

        // The button opens the card where departments are set.
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = "command", command = "roles" });
        Assert.Contains("Alex Smith", host.SentTo(BotTestHost.Promoter).Last().AllText);
    }

    [Fact]
    public async Task Nobody_left_out_says_just_the_count_and_an_audience_of_nobody_says_why()
    {
        var kit = await PulseTestKit.StartAsync();
        await using var host = kit.Host;
        await kit.SetUpCompanyAsync([]);
        var initiatives = host.Get<TeamsDxBot.Initiatives.InitiativeRepository>();
        await initiatives.ReplaceAsync((await initiatives.GetAsync(BotTestHost.TenantId, "tool", default))! with { DepartmentIds = [kit.Plant] }, default);

        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        var nobody = host.SentTo(BotTestHost.Promoter).Last().Text!;
        Assert.Contains("配信対象の人がいません", nobody);
        Assert.Contains("（部署未設定の3人は対象外）", nobody);
        Assert.Empty(await host.Get<PulseRunRepository>().ListAsync(BotTestHost.TenantId, default));

        foreach (var user in new[] { BotTestHost.Promoter, BotTestHost.Staff, BotTestHost.EnglishStaff })
        {
            await kit.SetAsync(user, p => p with { DepartmentId = kit.Plant });
        }
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = PulseCards.RunNowVerb, initiativeId = "tool" });
        var started = host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("3人に配信します。締め切り", started);
        Assert.DoesNotContain("対象外", started);
    }
}
