using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TeamsDxBot.Bot;
using TeamsDxBot.Directory;
using TeamsDxBot.Storage;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Bot;

public sealed class TenantAllowListTests
{
    private const string OtherTenant = "tenant-2";

    // An empty entry overrides the test host's configured tenant: the bot learns its tenant from the first admin turn.
    private static readonly Dictionary<string, string> Learning = new() { ["Bot:AllowedTenants:0"] = "" };

    private static Task<HttpResponseMessage> SayAsync(BotTestHost host, TestUser user, string tenantId, string text = "help") =>
        host.PostAsync(Activities.Message(user, text, host.Connector.ServiceUrl, tenantId));

    private static async Task<IReadOnlyList<TableEntity>> PeopleAsync(BotTestHost host)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in host.Get<Tables>().Get(PersonRepository.TableName).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }
        return rows;
    }

    private static IReadOnlyList<LogCapture.Entry> Refusals(LogCapture log, string tenantId) =>
        log.Entries.Where(e => e.Category == typeof(TenantGate).FullName && e.Level == LogLevel.Warning && e.Message.Contains(tenantId, StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task People_of_a_tenant_not_on_the_allow_list_get_no_answer_and_leave_nothing_stored()
    {
        var log = new LogCapture();
        await using var host = await BotTestHost.StartAsync(services => services.AddSingleton<ILoggerProvider>(log));

        using (var first = await SayAsync(host, BotTestHost.Staff, OtherTenant))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        (await SayAsync(host, BotTestHost.Promoter, OtherTenant)).Dispose();
        (await SayAsync(host, BotTestHost.Staff, OtherTenant, "profile")).Dispose();

        Assert.Empty(host.SentTo(BotTestHost.Staff));
        Assert.Empty(host.SentTo(BotTestHost.Promoter));
        Assert.Empty(await PeopleAsync(host));
        Assert.Single(Refusals(log, OtherTenant));

        (await SayAsync(host, BotTestHost.Staff, BotTestHost.TenantId)).Dispose();
        Assert.NotEmpty(host.SentTo(BotTestHost.Staff));
        Assert.All(await PeopleAsync(host), p => Assert.Equal(BotTestHost.TenantId, p.PartitionKey));
    }

    [Fact]
    public async Task Without_an_allow_list_the_first_admin_turn_decides_the_tenant_for_every_instance()
    {
        var log = new LogCapture();
        await using var host = await BotTestHost.StartAsync(services => services.AddSingleton<ILoggerProvider>(log), settings: Learning);

        // Before an admin has spoken, nobody is served.
        (await SayAsync(host, BotTestHost.Staff, BotTestHost.TenantId)).Dispose();
        Assert.Empty(host.SentTo(BotTestHost.Staff));
        Assert.Empty(await PeopleAsync(host));

        (await SayAsync(host, BotTestHost.Promoter, BotTestHost.TenantId)).Dispose();
        Assert.NotEmpty(host.SentTo(BotTestHost.Promoter));
        (await SayAsync(host, BotTestHost.Staff, BotTestHost.TenantId)).Dispose();
        Assert.NotEmpty(host.SentTo(BotTestHost.Staff));

        // The admin's own object id in another tenant is someone else there.
        var promoterCalls = host.SentTo(BotTestHost.Promoter).Count;
        (await SayAsync(host, BotTestHost.Promoter, OtherTenant)).Dispose();
        Assert.Equal(promoterCalls, host.SentTo(BotTestHost.Promoter).Count);
        Assert.DoesNotContain(await PeopleAsync(host), p => p.PartitionKey == OtherTenant);
        Assert.Single(Refusals(log, OtherTenant));

        // A second instance on the same storage serves the learned tenant from its first turn.
        await using var second = await BotTestHost.StartAsync(settings: Learning, tablePrefix: host.TablePrefix, connector: host.Connector);
        var englishCalls = host.SentTo(BotTestHost.EnglishStaff).Count;
        (await SayAsync(second, BotTestHost.EnglishStaff, BotTestHost.TenantId)).Dispose();
        Assert.True(host.SentTo(BotTestHost.EnglishStaff).Count > englishCalls);
        (await SayAsync(second, BotTestHost.Promoter, OtherTenant)).Dispose();
        Assert.Equal(promoterCalls, host.SentTo(BotTestHost.Promoter).Count);
    }

    [Fact]
    public async Task Two_instances_learning_at_once_agree_on_one_tenant()
    {
        await using var a = await BotTestHost.StartAsync(settings: Learning);
        await using var b = await BotTestHost.StartAsync(settings: Learning, tablePrefix: a.TablePrefix, connector: a.Connector);

        var answers = await Task.WhenAll(
            a.Get<TenantAllowList>().AllowsAsync(BotTestHost.TenantId, BotTestHost.Promoter.AadObjectId, default),
            b.Get<TenantAllowList>().AllowsAsync(OtherTenant, BotTestHost.Promoter.AadObjectId, default));

        Assert.Single(answers, allowed => allowed);
        var winner = answers[0] ? BotTestHost.TenantId : OtherTenant;
        foreach (var host in new[] { a, b })
        {
            Assert.True(await host.Get<TenantAllowList>().AllowsAsync(winner, BotTestHost.Staff.AadObjectId, default));
            Assert.False(await host.Get<TenantAllowList>().AllowsAsync(winner == OtherTenant ? BotTestHost.TenantId : OtherTenant, BotTestHost.Promoter.AadObjectId, default));
        }
    }

    [Fact]
    public async Task Activities_without_a_tenant_are_not_served()
    {
        await using var host = await BotTestHost.StartAsync();
        var activity = Activities.Message(BotTestHost.Staff, "help", host.Connector.ServiceUrl, BotTestHost.TenantId);
        ((Newtonsoft.Json.Linq.JObject)activity["conversation"]!).Remove("tenantId");
        activity.Remove("channelData");

        (await host.PostAsync(activity)).Dispose();

        Assert.Empty(host.SentTo(BotTestHost.Staff));
        Assert.Empty(await PeopleAsync(host));
    }
}
