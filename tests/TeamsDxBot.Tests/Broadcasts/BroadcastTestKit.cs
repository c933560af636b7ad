using System.Text.Json.Nodes;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Broadcasts;

/// <summary>
/// A company with 営業部 (three staff and a key user) and 製造部 (an executive and one staff member), a second
/// executive, and the promoter without a department; everyone has opened their chat with the bot.
/// </summary>
public sealed class BroadcastTestKit(BotTestHost host)
{
    public static readonly TestUser Executive = new("aad-exec", "伊藤 誠", "ito@contoso.example");
    public static readonly TestUser OtherExecutive = new("aad-exec2", "山本 社長", "yamamoto@contoso.example");
    public static readonly TestUser KeyUser = new("aad-key", "鈴木 一郎", "suzuki@contoso.example");
    public static readonly TestUser SalesThird = new("aad-s3", "営業 三郎", "s3@contoso.example");
    public static readonly TestUser PlantStaff = new("aad-p1", "製造 一子", "p1@contoso.example");

    public BotTestHost Host => host;
    public string Sales { get; private set; } = "";
    public string Plant { get; private set; } = "";

    /// <summary>Everyone in 営業部: the people a broadcast to 営業部 must reach, and nobody else.</summary>
    public static IReadOnlyList<TestUser> SalesPeople => [BotTestHost.Staff, BotTestHost.EnglishStaff, SalesThird, KeyUser];

    public static IReadOnlyList<TestUser> Everyone => [BotTestHost.Promoter, BotTestHost.Staff, BotTestHost.EnglishStaff, Executive, OtherExecutive, KeyUser, SalesThird, PlantStaff];

    public static async Task<BroadcastTestKit> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? tablePrefix = null, FakeConnectorServer? connector = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configure = null)
    {
        var merged = new Dictionary<string, string>(Delivery.DeliveryTestKit.FastRetries) { ["Anonymity:Threshold"] = "3" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            merged[k] = v;
        }
        return new BroadcastTestKit(await BotTestHost.StartAsync(configure, settings: merged, tablePrefix: tablePrefix, connector: connector));
    }

    public async Task SetUpCompanyAsync()
    {
        var departments = host.Get<DepartmentRepository>();
        Sales = (await departments.CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        Plant = (await departments.CreateAsync(BotTestHost.TenantId, "製造部", host.Clock.GetUtcNow(), default)).Department!.Id;
        foreach (var user in new[] { Executive, OtherExecutive, KeyUser, SalesThird, PlantStaff })
        {
            host.Connector.Members.Add(new FakeMember(user.TeamsId, user.AadObjectId, user.Name, user.Email));
        }
        foreach (var user in Everyone)
        {
            await host.SayAsync(user, "help");
        }
        foreach (var user in new[] { BotTestHost.Staff, BotTestHost.EnglishStaff, SalesThird })
        {
            await SetAsync(user, p => p with { DepartmentId = Sales });
        }
        await SetAsync(KeyUser, p => p with { DepartmentId = Sales, KeyUserOf = new HashSet<string> { Sales } });
        await SetAsync(PlantStaff, p => p with { DepartmentId = Plant });
        await SetAsync(Executive, p => p with { DepartmentId = Plant, IsExecutive = true });
        await SetAsync(OtherExecutive, p => p with { DepartmentId = Plant, IsExecutive = true });
    }

    public Task<Person?> SetAsync(TestUser user, Func<Person, Person> change) =>
        host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, user.AadObjectId, change, default);

    public Task<Person?> PersonAsync(TestUser user) => host.Get<PersonRepository>().GetAsync(BotTestHost.TenantId, user.AadObjectId, default);

    /// <summary>A card submit from someone whose Teams client is in <paramref name="timeZone"/> (the bot learns the zone from each activity).</summary>
    public async Task SubmitAsync(TestUser user, IReadOnlyDictionary<string, string?> data, string? timeZone = null)
    {
        var activity = Activities.Submit(user, data.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value), host.Connector.ServiceUrl, BotTestHost.TenantId);
        if (timeZone is not null)
        {
            activity["entities"]![0]!["timezone"] = timeZone;
        }
        (await host.PostAsync(activity)).EnsureSuccessStatusCode();
    }

    public async Task SayAsync(TestUser user, string text, string timeZone)
    {
        var activity = Activities.Message(user, text, host.Connector.ServiceUrl, BotTestHost.TenantId);
        activity["entities"]![0]!["timezone"] = timeZone;
        (await host.PostAsync(activity)).EnsureSuccessStatusCode();
    }

    /// <summary>The composer's inputs as Teams submits them (strings; empty optional inputs left out).</summary>
    public static Dictionary<string, string?> Form(string verb, string title = "経費精算を使ってみましょう", string body = "今週から**経費精算システム**で申請してください。\n- 領収書は写真でOK",
        string audience = nameof(BroadcastAudience.Departments), string? departmentIds = null, string? initiativeId = null, string acknowledge = "true",
        string timing = BroadcastTiming.Now, string? date = null, string? time = "09:00", string? dates = null, string? weekday = "1", string? monthlyRule = "1",
        string? day = "1", string? count = "6", string? imageUrl = null, string? linkTitle = null, string? linkUrl = null, string? broadcastId = null, string? etag = null) => new()
    {
        ["verb"] = verb,
        ["broadcastId"] = broadcastId,
        ["etag"] = etag,
        ["title"] = title,
        ["body"] = body,
        ["imageUrl"] = imageUrl,
        ["linkTitle"] = linkTitle,
        ["linkUrl"] = linkUrl,
        ["audience"] = audience,
        ["departmentIds"] = departmentIds,
        ["initiativeId"] = initiativeId,
        ["acknowledge"] = acknowledge,
        ["timing"] = timing,
        ["date"] = date,
        ["time"] = time,
        ["dates"] = dates,
        ["weekday"] = weekday,
        ["monthlyRule"] = monthlyRule,
        ["day"] = day,
        ["count"] = count,
    };

    public static Dictionary<string, string?> Action(string verb, string broadcastId, string? source = null) =>
        new() { ["verb"] = verb, ["broadcastId"] = broadcastId, ["source"] = source };

    public async Task<IReadOnlyList<Broadcast>> AllAsync() => await host.Get<BroadcastRepository>().ListAsync(BotTestHost.TenantId, default);

    public async Task<Broadcast> OnlyAsync() => Assert.Single(await AllAsync());

    public Task RunEngineAsync() => host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

    public async Task TickAsync()
    {
        await host.Get<BroadcastScheduler>().TickAsync(default);
        await RunEngineAsync();
    }

    /// <summary>Broadcast cards (the title is the card's first block) this person was sent, updates not counted.</summary>
    public IReadOnlyList<RecordedCall> Received(TestUser user, string title) =>
        host.SentTo(user).Where(c => c.Kind == "send" && c.Card?["body"]?[0]?["text"]?.GetValue<string>() == title).ToList();

    /// <summary>The data of the "I'll try it" button on the last broadcast card this person received.</summary>
    public static Dictionary<string, string?> AckData(RecordedCall card) =>
        card.Card!["actions"]!.AsArray().Select(a => a!["data"]?.AsObject()).OfType<JsonObject>()
            .First(d => d["verb"]!.GetValue<string>() == BroadcastCards.AckVerb)
            .ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>());

    public async Task<IReadOnlyList<BroadcastAck>> AcksAsync(string broadcastId) =>
        await host.Get<BroadcastAckRepository>().ListAsync(BotTestHost.TenantId, broadcastId, default);

    public async Task<DeliveryReport> ReportAsync(string broadcastId, int occurrence) =>
        await host.Get<DeliveryReports>().GetAsync(BroadcastScheduler.MessageId(BotTestHost.TenantId, broadcastId, occurrence), default);
}
