using System.Text.Json.Nodes;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;
using TeamsDxBot.Usage;

namespace TeamsDxBot.Tests.Usage;

/// <summary>
/// A company with measured usage up to the week of 2026-11-16 (the clock: Tuesday 2026-11-24 10:00 in Tokyo).
/// Sales (key user Alex Smith, English): 花子 and Emma never started, 三郎 lapsed (last active 2026-11-04), 四郎 and
/// Alex use it every week. Plant (key user 製造 二子, Japanese): 一子 never started, 二子 uses it every week.
/// </summary>
public sealed class FollowUpTestKit(BotTestHost host, string sales, string plant) : IAsyncDisposable
{
    public const string Tool = Metrics.MetricsTestKit.Expenses;
    public const string ToolName = "経費精算システム";
    public static readonly DateOnly GoLive = new(2026, 10, 1);

    public static readonly TestUser KeyUser = BotTestHost.EnglishStaff;
    public static readonly TestUser NeverStarted = BotTestHost.Staff;
    public static readonly TestUser Lapsed = new("aad-s3", "営業 三郎", "s3@contoso.example");
    public static readonly TestUser Habitual = new("aad-s4", "営業 四郎", "s4@contoso.example");
    public static readonly TestUser EnglishNeverStarted = new("aad-emma", "Emma Brown", "emma@contoso.example", "en-US");
    public static readonly TestUser PlantKeyUser = new("aad-p2", "製造 二子", "p2@contoso.example");
    public static readonly TestUser PlantNeverStarted = new("aad-p1", "製造 一子", "p1@contoso.example");

    public BotTestHost Host => host;
    public string Sales => sales;
    public string Plant => plant;

    public static async Task<FollowUpTestKit> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            // The tests run the weekly push and the nudge engine themselves.
            ["Usage:FollowUp:CheckInterval"] = "30.00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        var host = await BotTestHost.StartAsync(settings: all);
        var departments = host.Get<DepartmentRepository>();
        var sales = (await departments.CreateAsync(BotTestHost.TenantId, "営業部", host.Clock.GetUtcNow(), default)).Department!.Id;
        var plant = (await departments.CreateAsync(BotTestHost.TenantId, "製造部", host.Clock.GetUtcNow(), default)).Department!.Id;
        await host.Get<InitiativeRepository>().AddAsync(new Initiative
        {
            TenantId = BotTestHost.TenantId, Id = Tool, Name = ToolName, GoLive = GoLive, TargetDate = new(2027, 1, 1), CreatedAt = host.Clock.GetUtcNow(),
        }, default);
        var extra = new[] { Lapsed, Habitual, EnglishNeverStarted, PlantKeyUser, PlantNeverStarted };
        host.Connector.Members.AddRange(extra.Select(u => new FakeMember(u.TeamsId, u.AadObjectId, u.Name, u.Email)));
        var kit = new FollowUpTestKit(host, sales, plant);
        foreach (var user in new[] { BotTestHost.Promoter, KeyUser, NeverStarted }.Concat(extra))
        {
            await host.SayAsync(user, "help");
        }
        foreach (var user in new[] { KeyUser, NeverStarted, Lapsed, Habitual, EnglishNeverStarted })
        {
            await kit.SetAsync(user, p => p with { DepartmentId = sales });
        }
        await kit.SetAsync(KeyUser, p => p with { KeyUserOf = new HashSet<string> { sales } });
        await kit.SetAsync(PlantNeverStarted, p => p with { DepartmentId = plant });
        await kit.SetAsync(PlantKeyUser, p => p with { DepartmentId = plant, KeyUserOf = new HashSet<string> { plant } });

        var weeks = new[] { new DateOnly(2026, 10, 26), new DateOnly(2026, 11, 2), new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 16) };
        var rows = new List<UsageWeek> { Row(Lapsed, weeks[0], 2), Row(Lapsed, weeks[1], 3) };
        foreach (var user in new[] { Habitual, KeyUser, PlantKeyUser })
        {
            rows.AddRange(weeks.Select(w => Row(user, w, 4)));
        }
        await host.Get<UsageWeekRepository>().ReplaceWeeksAsync(BotTestHost.TenantId, Tool, weeks, rows, default);
        return kit;
    }

    /// <summary>A week of use: <paramref name="days"/> days, the last on the Wednesday.</summary>
    public static UsageWeek Row(TestUser user, DateOnly monday, int days, DateOnly? last = null) => new()
    {
        TenantId = BotTestHost.TenantId, InitiativeId = Tool, PersonId = user.AadObjectId, WeekStart = monday, ActiveDays = days,
        LastActive = last ?? monday.AddDays(2), Source = "chat:test", ReceivedAt = DateTimeOffset.UnixEpoch,
    };

    public Task<Person?> SetAsync(TestUser user, Func<Person, Person> change) =>
        host.Get<PersonRepository>().UpdateAsync(BotTestHost.TenantId, user.AadObjectId, change, default);

    public Task MarkAsync(TestUser user, TestUser person, string mark) =>
        host.SubmitAsync(user, new { verb = FollowUpCards.MarkVerb, initiativeId = Tool, personId = person.AadObjectId, mark });

    public async Task<IReadOnlyDictionary<string, FollowUpMark>> MarksAsync() =>
        await host.Get<FollowUpMarkRepository>().ListAsync(BotTestHost.TenantId, Tool, default);

    /// <summary>The last card the person got, and the card's text outside the collapsed (hidden) parts.</summary>
    public (string All, string Visible) LastCard(TestUser user)
    {
        var call = host.SentTo(user).Last(c => c.Card is not null);
        return (call.AllText, string.Join("\n", Visible(call.Card)));
    }

    public static IEnumerable<string> Visible(JsonNode? node) => node switch
    {
        JsonObject o when o["isVisible"]?.GetValue<bool>() == false => [],
        JsonObject o => o.SelectMany(p => p.Key is "text" or "title" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Visible(p.Value)),
        JsonArray a => a.SelectMany(Visible),
        _ => [],
    };

    /// <summary>Every mark button on the card, as (person id, mark).</summary>
    public static IReadOnlyList<(string PersonId, string Mark)> Buttons(JsonNode? node) => node switch
    {
        JsonObject o when o["verb"]?.GetValue<string>() == FollowUpCards.MarkVerb => [(o["personId"]!.GetValue<string>(), o["mark"]!.GetValue<string>())],
        JsonObject o => o.SelectMany(p => Buttons(p.Value)).ToList(),
        JsonArray a => a.SelectMany(Buttons).ToList(),
        _ => [],
    };

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
