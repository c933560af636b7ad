using System.Net;
using TeamsDxBot.Directory;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Bot;

public sealed class WelcomeAndHelpTests : IAsyncLifetime
{
    private BotTestHost host = null!;

    public async Task InitializeAsync() => host = await BotTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<string> CreateDepartmentAsync(string name)
    {
        var (_, department) = await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, name, host.Clock.GetUtcNow(), CancellationToken.None);
        return department!.Id;
    }

    [Fact]
    public async Task First_message_gets_a_Japanese_welcome_with_the_department_picker_once()
    {
        await CreateDepartmentAsync("営業部");
        await CreateDepartmentAsync("製造部");

        var response = await host.SayAsync(BotTestHost.Staff, "こんにちは");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var welcome = Assert.Single(host.SentTo(BotTestHost.Staff));
        Assert.Contains("ようこそ、社員 花子 さん", welcome.AllText);
        Assert.Contains("営業部", welcome.AllText);
        Assert.Contains("製造部", welcome.AllText);

        await host.SayAsync(BotTestHost.Staff, "こんにちは");
        var second = host.SentTo(BotTestHost.Staff);
        Assert.Equal(2, second.Count);
        Assert.DoesNotContain("ようこそ", second[1].AllText);
        // Not a command, so it would be a question; nobody can take questions yet, and it says so.
        Assert.Contains("質問を受けられる担当者がまだいません", second[1].AllText);
    }

    [Fact]
    public async Task English_locale_user_is_welcomed_in_English()
    {
        await CreateDepartmentAsync("Sales");
        await host.PostAsync(Activities.PersonalInstall(BotTestHost.EnglishStaff, host.Connector.ServiceUrl, BotTestHost.TenantId));

        var welcome = Assert.Single(host.SentTo(BotTestHost.EnglishStaff));
        Assert.Contains("Welcome, Alex Smith", welcome.AllText);
        Assert.Contains("Your department", welcome.AllText);
    }

    [Fact]
    public async Task Chat_open_events_without_a_locale_do_not_welcome_in_the_wrong_language()
    {
        // Teams (and the Playground) send a conversationUpdate without locale next to the installationUpdate.
        var opened = Activities.PersonalInstall(BotTestHost.EnglishStaff, host.Connector.ServiceUrl, BotTestHost.TenantId);
        opened["type"] = "conversationUpdate";
        opened.Remove("action");
        opened.Remove("locale");
        opened.Remove("entities");
        opened["membersAdded"] = new Newtonsoft.Json.Linq.JArray(new Newtonsoft.Json.Linq.JObject { ["id"] = Activities.BotId });
        await host.PostAsync(opened);
        Assert.Empty(host.SentTo(BotTestHost.EnglishStaff));

        await host.PostAsync(Activities.PersonalInstall(BotTestHost.EnglishStaff, host.Connector.ServiceUrl, BotTestHost.TenantId));
        await host.PostAsync(opened);
        var welcome = Assert.Single(host.SentTo(BotTestHost.EnglishStaff));
        Assert.Contains("Welcome, Alex Smith", welcome.AllText);

        // Later turns without a locale keep the language seen before.
        var help = Activities.Message(BotTestHost.EnglishStaff, "help", host.Connector.ServiceUrl, BotTestHost.TenantId);
        help.Remove("locale");
        help.Remove("entities");
        await host.PostAsync(help);
        Assert.Contains("What you can do", host.SentTo(BotTestHost.EnglishStaff).Last().AllText);
    }

    [Fact]
    public async Task Picking_a_department_stores_it_and_replaces_the_card()
    {
        var sales = await CreateDepartmentAsync("営業部");
        await host.SayAsync(BotTestHost.Staff, "help");

        await host.SubmitAsync(BotTestHost.Staff, new { verb = DirectoryCards.SaveProfileVerb, departmentId = sales });

        var person = await host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, CancellationToken.None);
        Assert.Equal(sales, person!.DepartmentId);
        var update = host.SentTo(BotTestHost.Staff).Last();
        Assert.Equal("update", update.Kind);
        Assert.Equal("card-1", update.ActivityId);
        Assert.Contains("プロフィールを保存しました", update.AllText);
    }

    [Fact]
    public async Task Picking_a_department_that_does_not_exist_changes_nothing_and_says_so()
    {
        await host.SayAsync(BotTestHost.Staff, "help");
        await host.SubmitAsync(BotTestHost.Staff, new { verb = DirectoryCards.SaveProfileVerb, departmentId = "nope", language = "en-US" });

        var person = await host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, BotTestHost.Staff.AadObjectId, CancellationToken.None);
        Assert.Null(person!.DepartmentId);
        Assert.Null(person.PreferredLanguage);
        Assert.Contains("その部署は見つかりません", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    [Fact]
    public async Task Staff_help_lists_only_staff_commands()
    {
        await host.SayAsync(BotTestHost.Staff, "ヘルプ");
        var help = host.SentTo(BotTestHost.Staff).Last().AllText;
        Assert.Contains("できること", help);
        Assert.Contains("プロフィール", help);
        Assert.Contains("施策", help);
        Assert.DoesNotContain("役割", help);
        Assert.DoesNotContain("インポート", help);
    }

    [Fact]
    public async Task Promoter_help_adds_the_management_commands()
    {
        await host.SayAsync(BotTestHost.Promoter, "help");
        var help = host.SentTo(BotTestHost.Promoter).Last().AllText;
        Assert.Contains("DX推進担当として", help);
        Assert.Contains("役割", help);
        Assert.Contains("インポート", help);
    }

    [Fact]
    public async Task Full_width_command_words_are_understood()
    {
        await host.SayAsync(BotTestHost.Staff, "ｈｅｌｐ");
        Assert.Contains("できること", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    [Fact]
    public async Task Language_command_switches_and_is_remembered()
    {
        await host.SayAsync(BotTestHost.Staff, "言語 英語");
        Assert.Contains("I'll speak English", host.SentTo(BotTestHost.Staff).Last().AllText);
        await host.SayAsync(BotTestHost.Staff, "help");
        Assert.Contains("What you can do", host.SentTo(BotTestHost.Staff).Last().AllText);

        await host.SayAsync(BotTestHost.Staff, "language klingon");
        Assert.Contains("I speak Japanese and English", host.SentTo(BotTestHost.Staff).Last().AllText);
    }

    [Fact]
    public async Task Text_that_is_not_a_command_becomes_a_question_draft_and_nothing_is_sent_yet()
    {
        await host.SayAsync(BotTestHost.Promoter, "help");
        await host.SayAsync(BotTestHost.Staff, "help");
        await host.SayAsync(BotTestHost.Staff, "経費の申請方法がわかりません");
        var draft = host.SentTo(BotTestHost.Staff).Last().AllText;
        Assert.Contains("この質問を送りますか？", draft);
        Assert.Contains("経費の申請方法がわかりません", draft);
        // No department key user: it would go to the promoter, and says so.
        Assert.Contains("推進 太郎", draft);
        Assert.DoesNotContain(host.SentTo(BotTestHost.Promoter), c => c.AllText.Contains("経費の申請方法", StringComparison.Ordinal));
    }
}
