using System.Text.Json.Nodes;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Bot;

/// <summary>Help in the programme's order (set up → run → follow up → review), with a button for each command its reader may run.</summary>
public sealed class HelpWorkflowTests : IAsyncLifetime
{
    private static readonly TestUser KeyUser = new("aad-keyuser", "鍵 次郎", "key@contoso.example");
    private static readonly TestUser Executive = new("aad-exec", "経営 三郎", "exec@contoso.example");

    private BotTestHost host = null!;

    public async Task InitializeAsync() => host = await BotTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<RecordedCall> HelpAsync(TestUser user)
    {
        await host.SayAsync(user, "ヘルプ");
        return host.SentTo(user).Last();
    }

    /// <summary>Stage headings in order, each with the commands its buttons run.</summary>
    private static List<(string Heading, List<string> Buttons)> Stages(RecordedCall help) =>
        help.Card!["body"]!.AsArray().OfType<JsonObject>()
            .Where(b => b["type"]?.GetValue<string>() == "Container")
            .Select(b =>
            {
                var items = b["items"]!.AsArray();
                var buttons = items.OfType<JsonObject>().Where(i => i["type"]?.GetValue<string>() == "ActionSet")
                    .SelectMany(s => s["actions"]!.AsArray())
                    .Select(a => a!["data"]!["command"]!.GetValue<string>()).ToList();
                // The heading escapes its "1." so markdown shows it as written.
                return (items[0]!["text"]!.GetValue<string>().Replace("\\.", ".", StringComparison.Ordinal), buttons);
            })
            .ToList();

    private async Task GrantAsync(TestUser user, Func<Person, Person> change)
    {
        await host.SayAsync(user, "こんにちは");
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, user.AadObjectId, change, default);
    }

    [Fact]
    public async Task Promoter_help_follows_the_workflow_and_has_a_button_for_every_promoter_command()
    {
        var stages = Stages(await HelpAsync(BotTestHost.Promoter));

        Assert.Equal(["1. 準備する", "2. 実施する", "3. フォローする", "4. 振り返る"], stages.Select(s => s.Heading));
        Assert.Equal(["start", "profile", "language", "departments", "roles", "import", "initiatives"], stages[0].Buttons);
        Assert.Contains("pulse", stages[1].Buttons);
        Assert.Contains("broadcasts", stages[1].Buttons);
        Assert.Contains("metrics", stages[1].Buttons);
        Assert.Equal(["questions", "follow-up", "nudges"], stages[2].Buttons);
        Assert.Contains("report", stages[3].Buttons);
        Assert.Contains("improvements", stages[3].Buttons);
        Assert.Contains("audit", stages[3].Buttons);
        Assert.Contains("person", stages[3].Buttons);
    }

    [Fact]
    public async Task Staff_get_buttons_only_for_what_they_may_run_and_each_one_works()
    {
        await host.SayAsync(BotTestHost.Staff, "こんにちは");
        var buttons = Stages(await HelpAsync(BotTestHost.Staff)).SelectMany(s => s.Buttons).ToList();

        Assert.Contains("profile", buttons);
        Assert.Contains("questions", buttons);
        Assert.Contains("report", buttons);
        foreach (var privileged in new[] { "start", "roles", "import", "broadcasts", "metrics", "audit", "person", "nudges", "improvements" })
        {
            Assert.DoesNotContain(privileged, buttons);
        }
        foreach (var command in buttons)
        {
            await host.SubmitAsync(BotTestHost.Staff, new { verb = CardData.CommandVerb, command });
            var reply = host.SentTo(BotTestHost.Staff).Last().AllText;
            Assert.DoesNotContain("権限がありません", reply);
            Assert.DoesNotContain("カードが古", reply);
        }
    }

    [Fact]
    public async Task Key_users_and_executives_get_buttons_for_their_own_commands()
    {
        var sales = (await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        await GrantAsync(KeyUser, p => p with { DepartmentId = sales, KeyUserOf = new HashSet<string> { sales } });
        await GrantAsync(Executive, p => p with { IsExecutive = true });

        var keyUser = Stages(await HelpAsync(KeyUser));
        Assert.Contains("broadcasts", keyUser[1].Buttons);
        Assert.Contains("キーユーザーとして", host.SentTo(KeyUser).Last().AllText);
        Assert.DoesNotContain(keyUser, s => s.Buttons.Contains("roles") || s.Buttons.Contains("import"));

        var executive = Stages(await HelpAsync(Executive));
        Assert.Contains("broadcasts", executive[1].Buttons);
        Assert.Contains("report", executive[^1].Buttons);
        Assert.DoesNotContain(executive, s => s.Buttons.Contains("roles") || s.Buttons.Contains("audit"));
    }

    [Fact]
    public async Task English_help_names_the_stages_in_English()
    {
        var help = await HelpAsync(BotTestHost.EnglishStaff);
        Assert.Equal(["1. Set up", "2. Run", "3. Follow up", "4. Review"], Stages(help).Select(s => s.Heading));
    }
}
