using System.Text.Json.Nodes;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Onboarding;

public sealed class StartChecklistTests : IAsyncLifetime
{
    private BotTestHost host = null!;

    public async Task InitializeAsync() => host = await BotTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private static bool IsChecklist(RecordedCall call) => call.AllText.Contains("準備チェックリスト", StringComparison.Ordinal)
        || call.AllText.Contains("setup checklist", StringComparison.Ordinal);

    /// <summary>Each line of the checklist: its mark, its text, and the command its button runs (null: no button).</summary>
    private static List<(string Mark, string Text, string? Command)> Lines(RecordedCall checklist) =>
        checklist.Card!["body"]!.AsArray().OfType<JsonObject>()
            .Where(b => b["type"]?.GetValue<string>() == "ColumnSet")
            .Select(b =>
            {
                var columns = b["columns"]!.AsArray();
                var text = new RecordedCall("", "", null, columns[1]!.AsObject()).AllText;
                var command = columns.Count > 2 ? columns[2]!["items"]![0]!["actions"]![0]!["data"]!["command"]!.GetValue<string>() : null;
                return (new RecordedCall("", "", null, columns[0]!.AsObject()).AllText, text, command);
            })
            .ToList();

    private async Task<string> CreateDepartmentAsync(string name) =>
        (await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, name, host.Clock.GetUtcNow(), default)).Item2!.Id;

    [Fact]
    public async Task A_promoters_first_contact_shows_the_checklist_with_nothing_set_up_and_a_button_per_setting()
    {
        await host.SayAsync(BotTestHost.Promoter, "こんにちは");

        var sent = host.SentTo(BotTestHost.Promoter);
        Assert.Contains("ようこそ", sent[0].AllText);
        var checklist = Assert.Single(sent, IsChecklist);
        var lines = Lines(checklist);
        Assert.Equal(["部署", "部署ごとのキーユーザー", "部署が未設定の人", "施策（定着させるツール）", "次のアンケート", "全社チームへのボット追加"],
            lines.Select(l => l.Text.Split('\n')[0]));
        Assert.Equal(["departments", "roles", "import", "initiatives", "pulse", null], lines.Select(l => l.Command));
        Assert.All(lines.Where(l => !l.Text.StartsWith("部署が未設定の人", StringComparison.Ordinal)), l => Assert.Equal("未", l.Mark));
        Assert.Contains("まだありません", lines[0].Text);
        Assert.Contains("予定されていません", lines[4].Text);
        Assert.Contains("全社員のいるチームに追加", lines[5].Text);
    }

    [Fact]
    public async Task The_checklist_shows_live_status_key_users_per_department_people_without_one_and_the_next_pulse()
    {
        var sales = await CreateDepartmentAsync("営業部");
        await CreateDepartmentAsync("製造部");
        await host.SayAsync(BotTestHost.Staff, "こんにちは");
        await host.SayAsync(BotTestHost.EnglishStaff, "hello");
        await host.SayAsync(BotTestHost.Promoter, "help");
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId,
            p => p with { DepartmentId = sales, KeyUserOf = new HashSet<string> { sales } }, default);
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, BotTestHost.Promoter.AadObjectId, p => p with { DepartmentId = sales }, default);
        await host.Get<InitiativeRepository>().AddAsync(new Initiative
        {
            TenantId = BotTestHost.TenantId, Id = "tool00000001", Name = "経費精算システム", GoLive = new(2026, 11, 24), TargetDate = new(2027, 2, 24),
            CreatedAt = host.Clock.GetUtcNow(),
        }, default);
        await host.PostAsync(Activities.BotAddedToTeam(BotTestHost.Promoter, host.Connector.TeamId, host.Connector.ServiceUrl, BotTestHost.TenantId));
        await host.Get<RosterSync>().RunOnceAsync(default);

        await host.SayAsync(BotTestHost.Promoter, "はじめに");

        var lines = Lines(host.SentTo(BotTestHost.Promoter).Last());
        Assert.Equal(("済", "部署\n2部署（営業部, 製造部）"), (lines[0].Mark, lines[0].Text));
        Assert.Equal("未", lines[1].Mark);
        Assert.Contains("キーユーザーのいる部署：1/2", lines[1].Text);
        Assert.Contains("営業部 1人, 製造部 0人", lines[1].Text);
        // Alex Smith has no department yet.
        Assert.Equal(("未", "部署が未設定の人\n1人（名簿のインポートでまとめて設定できます）"), (lines[2].Mark, lines[2].Text));
        Assert.Equal(("済", "施策（定着させるツール）\n経費精算システム"), (lines[3].Mark, lines[3].Text));
        // Tuesday 11/24: the default schedule's next send is Monday 10:00 on the promoter's (company's) clock, no zone named.
        Assert.Equal(("済", "次のアンケート\n11/30（月）10:00"), (lines[4].Mark, lines[4].Text));
        Assert.Equal("済", lines[5].Mark);
        Assert.Contains("人を登録", lines[5].Text);
    }

    [Fact]
    public async Task Each_checklist_button_opens_the_card_of_its_setting()
    {
        await host.SayAsync(BotTestHost.Promoter, "はじめに");
        foreach (var (command, expected) in new[] { ("departments", "部署を追加"), ("roles", "役割の管理"), ("import", "名簿のインポート"), ("initiatives", "施策（導入ツール）"), ("pulse", "利用状況アンケート") })
        {
            var before = host.SentTo(BotTestHost.Promoter).Count;
            await host.SubmitAsync(BotTestHost.Promoter, new { verb = CardData.CommandVerb, command });
            Assert.Contains(host.SentTo(BotTestHost.Promoter).Skip(before), c => c.AllText.Contains(expected, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_roles_card_it_opens_says_not_set_for_a_department_without_key_users()
    {
        await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "製造部", host.Clock.GetUtcNow(), default);
        await host.SayAsync(BotTestHost.Promoter, "はじめに");
        await host.SubmitAsync(BotTestHost.Promoter, new { verb = CardData.CommandVerb, command = "roles" });

        var facts = host.SentTo(BotTestHost.Promoter).Last().Card!["body"]!.AsArray().OfType<JsonObject>()
            .First(b => b["type"]?.GetValue<string>() == "FactSet")["facts"]!.AsArray();
        var plant = facts.Single(f => f!["title"]!.GetValue<string>() == "キーユーザー（製造部）")!["value"]!.GetValue<string>();
        // Not a lone "-", which Teams would show as a bullet point.
        Assert.Equal("未設定", plant);
    }

    [Fact]
    public async Task Promoter_help_comes_with_the_checklist_and_a_first_help_sends_it_once()
    {
        await host.SayAsync(BotTestHost.Promoter, "ヘルプ");
        var first = host.SentTo(BotTestHost.Promoter).ToList();
        Assert.Single(first, IsChecklist);
        Assert.Contains(first, c => c.AllText.Contains("できること", StringComparison.Ordinal));

        await host.SayAsync(BotTestHost.Promoter, "help");
        var second = host.SentTo(BotTestHost.Promoter).Skip(first.Count).ToList();
        Assert.Equal(2, second.Count);
        Assert.True(IsChecklist(second[0]));
        Assert.Contains("できること", second[1].AllText);
    }

    [Fact]
    public async Task Get_started_in_English_shows_the_English_checklist()
    {
        await host.SayAsync(BotTestHost.Promoter, "言語 英語");
        await host.SayAsync(BotTestHost.Promoter, "get started");

        var checklist = host.SentTo(BotTestHost.Promoter).Last();
        Assert.Contains("Get started: setup checklist", checklist.AllText);
        Assert.Contains("Key users per department", checklist.AllText);
        Assert.DoesNotContain("部署", checklist.AllText);
    }

    [Fact]
    public async Task Staff_and_key_users_typing_the_word_get_their_own_help_not_the_checklist()
    {
        await host.SayAsync(BotTestHost.Staff, "こんにちは");
        await host.SayAsync(BotTestHost.Staff, "はじめに");
        var reply = host.SentTo(BotTestHost.Staff).Last();
        Assert.Contains("できること", reply.AllText);
        Assert.DoesNotContain(host.SentTo(BotTestHost.Staff), IsChecklist);
        // Their help does not offer them a command that would only bring them back to help.
        Assert.DoesNotContain("はじめに", reply.AllText);

        var sales = await CreateDepartmentAsync("営業部");
        await host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId,
            p => p with { DepartmentId = sales, KeyUserOf = new HashSet<string> { sales } }, default);
        await host.SayAsync(BotTestHost.Staff, "はじめに");
        Assert.Contains("キーユーザーとして", host.SentTo(BotTestHost.Staff).Last().AllText);
        Assert.DoesNotContain(host.SentTo(BotTestHost.Staff), IsChecklist);
    }
}
