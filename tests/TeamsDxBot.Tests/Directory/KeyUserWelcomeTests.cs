using TeamsDxBot.Directory;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Directory;

/// <summary>A key user's first contact says they are their department's key user and what that asks of them.</summary>
public sealed class KeyUserWelcomeTests : IAsyncLifetime
{
    private BotTestHost host = null!;
    private string sales = "";

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync();
        sales = (await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>Appointed before they ever wrote to the bot, as a roster import or the roles card does.</summary>
    private Task AppointAsync(TestUser user) => host.Get<PersonRepository>().TryAddAsync(new Person
    {
        TenantId = BotTestHost.TenantId, AadObjectId = user.AadObjectId, Name = user.Name, Email = user.Email,
        DepartmentId = sales, KeyUserOf = new HashSet<string> { sales }, FirstSeen = host.Clock.GetUtcNow(),
    }, default);

    [Fact]
    public async Task A_key_users_welcome_names_their_department_how_to_answer_and_the_escalation()
    {
        await AppointAsync(BotTestHost.Staff);

        await host.SayAsync(BotTestHost.Staff, "こんにちは");

        var welcome = host.SentTo(BotTestHost.Staff)[0].AllText;
        Assert.Contains("ようこそ", welcome);
        Assert.Contains("あなたは営業部のキーユーザー（社内DX推進員）です", welcome);
        Assert.Contains("営業部の人からの質問は、このチャットであなたに届きます", welcome);
        Assert.Contains("「対応します」で引き受け、「回答する」で答えてください", welcome);
        Assert.Contains("期限を過ぎても未回答の質問はDX推進担当に届けられます", welcome);
    }

    [Fact]
    public async Task An_English_key_user_reads_it_in_English_with_the_buttons_as_they_are_labelled()
    {
        await AppointAsync(BotTestHost.EnglishStaff);

        await host.PostAsync(Activities.PersonalInstall(BotTestHost.EnglishStaff, host.Connector.ServiceUrl, BotTestHost.TenantId));

        var welcome = Assert.Single(host.SentTo(BotTestHost.EnglishStaff)).AllText;
        Assert.Contains("You are the key user for 営業部", welcome);
        Assert.Contains("Press \"I'll take it\" on a question card to claim it and \"Answer\" to reply", welcome);
        Assert.Contains("goes to the DX promoters (escalation)", welcome);
    }

    [Fact]
    public async Task Staff_welcome_says_nothing_about_key_users()
    {
        await host.SayAsync(BotTestHost.Staff, "こんにちは");
        Assert.DoesNotContain("キーユーザー", host.SentTo(BotTestHost.Staff)[0].AllText);
    }
}
