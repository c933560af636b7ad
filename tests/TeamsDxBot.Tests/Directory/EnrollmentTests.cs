using Microsoft.Bot.Builder;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Directory;

public sealed class EnrollmentTests : IAsyncLifetime
{
    private BotTestHost host = null!;

    public async Task InitializeAsync() => host = await BotTestHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<Person?> PersonAsync(string aadObjectId) => host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, aadObjectId, default);

    [Fact]
    public async Task A_personal_message_stores_who_and_where_to_reach_them()
    {
        await host.SayAsync(BotTestHost.Staff, "help");

        var person = await PersonAsync(BotTestHost.Staff.AadObjectId);
        Assert.NotNull(person);
        Assert.Equal("社員 花子", person.Name);
        Assert.Equal("staff@contoso.example", person.Email);
        Assert.Equal("Asia/Tokyo", person.TimeZone);
        Assert.Equal("ja-JP", person.Locale);
        Assert.Equal(Reachability.Reachable, person.Reachability);
        Assert.Equal(BotTestHost.Staff.ConversationId, person.Conversation!.ConversationId);
        Assert.Equal(host.Connector.ServiceUrl, person.Conversation.ServiceUrl);
        Assert.Equal(Activities.BotId, person.Conversation.BotId);
    }

    [Fact]
    public async Task References_from_service_urls_outside_the_allow_list_are_not_stored()
    {
        // A typing activity makes the bot send nothing, so nothing leaves loopback.
        await host.PostAsync(Activities.Typing(BotTestHost.Staff, "https://attacker.invalid/", BotTestHost.TenantId));

        var person = await PersonAsync(BotTestHost.Staff.AadObjectId);
        Assert.NotNull(person);
        Assert.Null(person.Conversation);
        Assert.Null(person.ServiceUrl);
    }

    [Fact]
    public async Task Uninstall_marks_the_person_unreachable_and_keeps_them()
    {
        await host.SayAsync(BotTestHost.Staff, "help");
        await host.PostAsync(Activities.PersonalInstall(BotTestHost.Staff, host.Connector.ServiceUrl, BotTestHost.TenantId, "remove"));

        var person = await PersonAsync(BotTestHost.Staff.AadObjectId);
        Assert.Equal(Reachability.Unreachable, person!.Reachability);
        Assert.NotNull(person.UninstalledAt);
        Assert.Equal("staff@contoso.example", person.Email);

        await host.PostAsync(Activities.PersonalInstall(BotTestHost.Staff, host.Connector.ServiceUrl, BotTestHost.TenantId, "add"));
        Assert.Equal(Reachability.Reachable, (await PersonAsync(BotTestHost.Staff.AadObjectId))!.Reachability);
    }

    [Fact]
    public async Task Installing_in_a_team_enrols_the_whole_paged_roster_and_each_member_can_be_messaged()
    {
        for (var i = 1; i <= 4; i++)
        {
            host.Connector.Members.Add(new FakeMember($"29:member-{i}", $"aad-member-{i}", $"社員{i}", $"member{i}@contoso.example"));
        }
        var teamId = host.Connector.TeamId;

        await host.PostAsync(Activities.BotAddedToTeam(BotTestHost.Promoter, teamId, host.Connector.ServiceUrl, BotTestHost.TenantId));
        Assert.Contains(host.Connector.Calls, c => c.ConversationId == teamId && c.AllText.Contains("メンバーを登録しています", StringComparison.Ordinal));

        var read = await host.Get<RosterSync>().RunOnceAsync(default);
        Assert.Equal(1, read);
        Assert.Equal(4, host.Connector.Calls.Count(c => c.Kind == "pagedMembers")); // 7 members, 2 per page
        var everyone = await host.Get<PersonRepository>().ListAsync(BotTestHost.TenantId, default);
        Assert.Equal(7, everyone.Count(p => p.Email is not null));
        var member = everyone.Single(p => p.AadObjectId == "aad-member-3");
        Assert.Equal("member3@contoso.example", member.Email);
        Assert.Null(member.Conversation);

        // Nothing pending: a second pass reads nothing.
        Assert.Equal(0, await host.Get<RosterSync>().RunOnceAsync(default));

        var sent = await host.Get<ConversationOpener>().SendAsync(member, MessageFactory.Text("こんにちは"), default);
        Assert.NotNull(sent);
        var create = host.Connector.Calls.Single(c => c.Kind == "createConversation");
        Assert.Equal("29:member-3", create.Body["members"]![0]!["id"]!.GetValue<string>());
        Assert.Contains(host.Connector.Calls, c => c.Kind is "send" or "reply" && c.ConversationId == "a:personal-29:member-3" && c.Text == "こんにちは");
        var stored = await PersonAsync("aad-member-3");
        Assert.Equal("a:personal-29:member-3", stored!.Conversation!.ConversationId);
        Assert.Equal(Reachability.Reachable, stored.Reachability);
    }

    [Fact]
    public async Task Two_instances_reading_rosters_at_once_read_each_team_once()
    {
        await host.PostAsync(Activities.BotAddedToTeam(BotTestHost.Promoter, host.Connector.TeamId, host.Connector.ServiceUrl, BotTestHost.TenantId));
        // Two passes racing stand for two instances: the ETag-guarded lease lets only one read the team.
        var sync = host.Get<RosterSync>();
        var results = await Task.WhenAll(sync.RunOnceAsync(default), sync.RunOnceAsync(default));
        Assert.Equal(1, results.Sum());
    }
}
