using System.Text.Json.Nodes;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Pulse;

/// <summary>A company with two departments, an initiative going live today, and the people enrolled.</summary>
public sealed class PulseTestKit(BotTestHost host)
{
    public BotTestHost Host => host;
    public string Sales { get; private set; } = "";
    public string Plant { get; private set; } = "";
    public Initiative Tool { get; private set; } = null!;

    public static async Task<PulseTestKit> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? tablePrefix = null, FakeConnectorServer? connector = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configure = null)
    {
        var merged = new Dictionary<string, string>(Delivery.DeliveryTestKit.FastRetries);
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            merged[k] = v;
        }
        return new PulseTestKit(await BotTestHost.StartAsync(configure, settings: merged, tablePrefix: tablePrefix, connector: connector));
    }

    public async Task SetUpCompanyAsync(IEnumerable<TestUser> extra, DateOnly? goLive = null)
    {
        var departments = host.Get<DepartmentRepository>();
        Sales = (await departments.CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        Plant = (await departments.CreateAsync(BotTestHost.TenantId, "製造部", host.Clock.GetUtcNow(), default)).Department!.Id;
        foreach (var user in extra)
        {
            host.Connector.Members.Add(new FakeMember(user.TeamsId, user.AadObjectId, user.Name, user.Email));
        }
        foreach (var user in new[] { BotTestHost.Promoter, BotTestHost.Staff, BotTestHost.EnglishStaff }.Concat(extra))
        {
            await host.SayAsync(user, "help");
        }
        Tool = new Initiative
        {
            TenantId = BotTestHost.TenantId,
            Id = "tool",
            Name = "経費精算システム",
            GoLive = goLive ?? DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime),
            TargetDate = (goLive ?? DateOnly.FromDateTime(host.Clock.GetUtcNow().UtcDateTime)).AddMonths(3),
            CreatedAt = host.Clock.GetUtcNow(),
        };
        await host.Get<InitiativeRepository>().AddAsync(Tool, default);
    }

    public Task<Person?> SetAsync(TestUser user, Func<Person, Person> change) =>
        host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, user.AadObjectId, change, default);

    public async Task TickAsync()
    {
        await host.Get<PulseScheduler>().TickAsync(default);
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
    }

    public IReadOnlyList<RecordedCall> Surveys(TestUser user) =>
        host.SentTo(user).Where(c => c.Card?.ToJsonString().Contains(PulseCards.AnswerVerb, StringComparison.Ordinal) == true).ToList();

    /// <summary>The submit data of the last survey card this person received (runId, closes, token).</summary>
    public JsonObject LastSurveyData(TestUser user) =>
        Surveys(user).Last().Card!["actions"]!.AsArray().Select(a => a!["data"]!.AsObject())
            .First(d => d["verb"]!.GetValue<string>() == PulseCards.AnswerVerb);

    public static Dictionary<string, string> Answers(string usage = "daily", string ease = "4", string fallback = "no", string? blocker = null, string? comment = null)
    {
        var answers = new Dictionary<string, string> { ["q_usage"] = usage, ["q_ease"] = ease, ["q_fallback"] = fallback };
        if (blocker is not null)
        {
            answers["q_blockers"] = blocker;
        }
        if (comment is not null)
        {
            answers["q_comment"] = comment;
        }
        return answers;
    }

    /// <summary>Presses the card's button (Action.Execute) with these answers; returns the card shown in its place.</summary>
    public Task<CardAnswer> SubmitAsync(TestUser user, JsonObject cardData, IReadOnlyDictionary<string, string> answers, string verb = PulseCards.AnswerVerb)
    {
        var data = new Dictionary<string, string>();
        foreach (var (k, v) in cardData)
        {
            data[k] = v!.GetValue<string>();
        }
        foreach (var (k, v) in answers)
        {
            data[k] = v;
        }
        data["verb"] = verb;
        return host.ExecuteAsync(user, data);
    }

    public async Task<IReadOnlyList<PulseResponse>> ResponsesAsync(string runId) =>
        await host.Get<PulseResponseRepository>().ListAsync(BotTestHost.TenantId, runId, default);

    public async Task<PulseRun> OnlyRunAsync() => Assert.Single(await host.Get<PulseRunRepository>().ListAsync(BotTestHost.TenantId, default));
}
