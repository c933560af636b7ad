using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Usage;

/// <summary>
/// A company of eight for the measured-usage reports. Sales: Staff (every week since 10/5, habitual),
/// EnglishStaff (key user of sales, used it in the week of 10/5 only: lapsed), S3 (never started).
/// Plant: P1 and P2 (every week since 10/5), P3 (first time in the week of 11/23). No department: the
/// promoter (this week only) and the executive (never). The clock is Tuesday 2026-11-24 10:00 in Tokyo.
/// </summary>
public static class UsageReportTestKit
{
    public static readonly TestUser S3 = new("aad-s3", "営業 三郎", "s3@contoso.example");
    public static readonly TestUser P1 = new("aad-p1", "製造 一子", "p1@contoso.example");
    public static readonly TestUser P2 = new("aad-p2", "製造 二子", "p2@contoso.example");
    public static readonly TestUser P3 = new("aad-p3", "製造 三子", "p3@contoso.example");
    public static readonly TestUser Executive = new("aad-exec", "社長 太郎", "ceo@contoso.example");

    public static readonly DateOnly ThisWeek = new(2026, 11, 23);
    public static readonly DateOnly Oct5 = new(2026, 10, 5);

    /// <summary>Registers the extra people in the directory (they say "help") and puts everyone in their department.</summary>
    public static async Task<(string Sales, string Plant)> SeedAsync(BotTestHost host)
    {
        foreach (var user in new[] { S3, P1, P2, P3, Executive })
        {
            host.Connector.Members.Add(new FakeMember(user.TeamsId, user.AadObjectId, user.Name, user.Email));
        }
        var (sales, plant) = await Metrics.MetricsTestKit.SeedAsync(host);
        await host.SayAsync(BotTestHost.EnglishStaff, "help");
        foreach (var user in new[] { S3, P1, P2, P3, Executive })
        {
            await host.SayAsync(user, "help");
        }
        var people = host.Get<TeamsDxBot.Directory.PersonRepository>();
        async Task Set(TestUser user, Func<TeamsDxBot.Turns.Person, TeamsDxBot.Turns.Person> change) =>
            await people.UpdateAsync(BotTestHost.TenantId, user.AadObjectId, change, default);
        foreach (var user in new[] { BotTestHost.Staff, S3 })
        {
            await Set(user, p => p with { DepartmentId = sales });
        }
        await Set(BotTestHost.EnglishStaff, p => p with { DepartmentId = sales, KeyUserOf = new HashSet<string> { sales } });
        foreach (var user in new[] { P1, P2, P3 })
        {
            await Set(user, p => p with { DepartmentId = plant });
        }
        await Set(Executive, p => p with { IsExecutive = true });
        return (sales, plant);
    }

    /// <summary>The weeks described on the class, imported by the promoter for the expenses tool.</summary>
    public static Task ImportAsync(BotTestHost host, string initiativeId = Metrics.MetricsTestKit.Expenses)
    {
        var everyWeek = Enumerable.Range(0, 8).Select(i => Oct5.AddDays(7 * i)).ToArray();
        var weeks = new (TestUser User, DateOnly[] Days)[]
        {
            (BotTestHost.Staff, everyWeek), (BotTestHost.EnglishStaff, [Oct5]), (P1, everyWeek), (P2, everyWeek), (P3, [ThisWeek]), (BotTestHost.Promoter, [ThisWeek]),
        };
        var csv = new StringBuilder("email,date\n");
        foreach (var (user, days) in weeks)
        {
            foreach (var day in days)
            {
                csv.Append(user.Email).Append(',').Append(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return UsageTestKit.ImportAsync(host, BotTestHost.Promoter, csv.ToString(), initiativeId);
    }

    /// <summary>Every table of the card: rows of cell texts (each cell's texts joined by a space).</summary>
    public static List<List<List<string>>> Tables(RecordedCall call)
    {
        var tables = new List<List<List<string>>>();
        Walk(call.Card);
        return tables;

        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o when o["type"]?.GetValue<string>() == "Table":
                    tables.Add(o["rows"]!.AsArray().Select(r => r!["cells"]!.AsArray()
                        .Select(c => string.Join(" ", c!["items"]!.AsArray().Select(i => i!["text"]?.GetValue<string>()))).ToList()).ToList());
                    break;
                case JsonObject o:
                    foreach (var p in o)
                    {
                        Walk(p.Value);
                    }
                    break;
                case JsonArray a:
                    foreach (var n in a)
                    {
                        Walk(n);
                    }
                    break;
            }
        }
    }

    /// <summary>The row of <paramref name="group"/> in the table whose header has <paramref name="column"/>.</summary>
    public static List<string> Row(RecordedCall call, string column, string group) =>
        Assert.Single(Tables(call).Where(t => t[0].Contains(column)).SelectMany(t => t.Skip(1)), r => r[0] == group);

    /// <summary>The first link in the card whose address contains <paramref name="part"/> (JSON escapes "&amp;").</summary>
    public static string? Link(RecordedCall call, string part = "") =>
        Regex.Matches(call.Card?.ToJsonString() ?? "", "\"url\":\"(http[^\"]+)\"").Select(m => Regex.Unescape(m.Groups[1].Value)).FirstOrDefault(u => u.Contains(part, StringComparison.Ordinal));

    public static async Task<byte[]> DownloadAsync(BotTestHost host, string link)
    {
        using var client = host.CreateClient();
        return await client.GetByteArrayAsync(new Uri(link).PathAndQuery);
    }

    /// <summary>A CSV's lines after checking it starts with the UTF-8 byte-order mark.</summary>
    public static string[] CsvLines(byte[] bytes)
    {
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).TrimEnd().Split("\r\n");
    }

    public static bool HasVerb(RecordedCall call, string verb) => call.Card?.ToJsonString().Contains($"\"verb\":\"{verb}\"", StringComparison.Ordinal) == true;
}
