using System.Net;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Broadcasts;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Questions;
using TeamsDxBot.Storage;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Bot;

/// <summary>
/// Well over a thousand activities and card presses nobody legitimate sends, posted as raw HTTP to the
/// real host: none may end in a 5xx, an error in the log, a stack trace shown to a person, or a change
/// to stored data that a valid request would not make; afterwards the bot answers as before.
/// </summary>
public sealed class HostileInputTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Every hostile id carries this marker, so any trace of one in storage is found.</summary>
    private const string Marker = "EVIL";

    private static readonly TestUser SalesStaff = BotTestHost.Staff;
    private static readonly TestUser KeyUser = BotTestHost.EnglishStaff;

    /// <summary>Staff of no department: nothing the seeded question, broadcast or survey is theirs to act on.</summary>
    public static readonly TestUser Outsider = new("aad-outsider", "部外 三郎", "outsider@contoso.example");

    private readonly LogCapture logs = new();
    private BotTestHost host = null!;
    private string sales = "";
    private string questionId = "";
    private string broadcastId = "";
    private string runId = "";
    private string initiativeId = "";

    public async Task InitializeAsync()
    {
        host = await BotTestHost.StartAsync(services => services.AddSingleton<ILoggerProvider>(logs), Delivery.DeliveryTestKit.FastRetries);
        var now = host.Clock.GetUtcNow();
        sales = (await host.Get<DepartmentRepository>().CreateAsync(BotTestHost.TenantId, "営業部", now, default)).Department!.Id;
        host.Connector.Members.Add(new FakeConnector.FakeMember(Outsider.TeamsId, Outsider.AadObjectId, Outsider.Name, Outsider.Email));
        foreach (var user in new[] { BotTestHost.Promoter, SalesStaff, KeyUser, Outsider })
        {
            await host.SayAsync(user, "help");
        }
        await host.PostAsync(Activities.BotAddedToTeam(BotTestHost.Promoter, "19:team@thread.tacv2", host.Connector.ServiceUrl, BotTestHost.TenantId));
        var people = host.Get<PersonRepository>();
        await people.UpdateAsync(BotTestHost.TenantId, SalesStaff.AadObjectId, p => p with { DepartmentId = sales }, default);
        await people.UpdateAsync(BotTestHost.TenantId, KeyUser.AadObjectId, p => p with { KeyUserOf = new HashSet<string> { sales } }, default);

        // Other people's things whose ids the hostile presses use.
        await host.SubmitAsync(SalesStaff, new { verb = QuestionCards.SendVerb, text = "経費の申請方法は？", urgent = "false" });
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
        questionId = Assert.Single(await host.Get<QuestionRepository>().ListAsync(BotTestHost.TenantId, default)).Id;
        initiativeId = "init-hostile";
        await host.Get<InitiativeRepository>().AddAsync(new Initiative { TenantId = BotTestHost.TenantId, Id = initiativeId, Name = "経費精算" }, default);
        broadcastId = "bc-hostile";
        await host.Get<BroadcastRepository>().AddAsync(new Broadcast
        {
            TenantId = BotTestHost.TenantId, Id = broadcastId, Title = "お知らせ", Body = "本文", AuthorId = BotTestHost.Promoter.AadObjectId, CreatedAt = now, UpdatedAt = now,
        }, default);
        runId = "run-hostile";
        Assert.True(await host.Get<PulseRunRepository>().TryAddAsync(new PulseRun
        {
            TenantId = BotTestHost.TenantId, Id = runId, InitiativeId = initiativeId, ToolName = "経費精算",
        }, default));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_thousand_hostile_requests_break_no_turn_and_change_nothing_they_should_not()
    {
        var verbs = host.Get<TeamsDxBot.Bot.CardActionRouter>().Verbs.Append(CardData.CommandVerb).Distinct().Order(StringComparer.Ordinal).ToList();
        var requests = new HostileRequests(host.Connector.ServiceUrl, verbs, new OtherPeoples(questionId, broadcastId, runId, initiativeId, sales)).All();
        var counts = requests.GroupBy(r => r.Category).ToDictionary(g => g.Key, g => g.Count());
        // The categories cannot silently shrink.
        Assert.True(requests.Count >= 1000, $"only {requests.Count} hostile requests");
        Assert.True(counts[Category.BrokenJson] >= 40);
        Assert.True(counts[Category.MissingField] >= 100);
        Assert.True(counts[Category.WrongTypeField] >= 100);
        Assert.True(counts[Category.HugeText] >= 6);
        Assert.True(counts[Category.DeepNesting] >= 8);
        Assert.True(counts[Category.UnknownType] >= 30);
        Assert.True(counts[Category.VerbWrongTypes] >= verbs.Count * 4);
        Assert.True(counts[Category.OtherPeoplesIds] >= 60);
        Assert.True(counts[Category.HostileKeys] >= 60);
        Assert.True(counts[Category.InvisibleText] >= 30);

        var before = await SnapshotAsync();
        var failures = new List<string>();
        var responseBodies = new StringBuilder();
        using var client = host.CreateClient();
        var elapsed = new Dictionary<Category, TimeSpan>();
        var slowest = new List<(TimeSpan Took, string Label)>();
        foreach (var request in requests)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var content = new ByteArrayContent(request.Body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(request.ContentType);
            try
            {
                using var response = await client.PostAsync("/api/messages", content);
                var body = await response.Content.ReadAsStringAsync();
                responseBodies.AppendLine(body);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{request.Category} {request.Label}: {(int)response.StatusCode} {body.Split('\n')[0][..Math.Min(body.Split('\n')[0].Length, 200)]}");
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures.Add($"{request.Category} {request.Label}: threw {e.GetType().Name} {e.Message}");
            }
            var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            elapsed[request.Category] = elapsed.GetValueOrDefault(request.Category) + took;
            slowest.Add((took, request.Label));
        }
        foreach (var (category, time) in elapsed)
        {
            output.WriteLine($"{category}: {counts[category]} requests in {time.TotalSeconds:F1} s");
        }
        foreach (var (took, label) in slowest.OrderByDescending(s => s.Took).Take(15))
        {
            output.WriteLine($"slow: {label} {took.TotalMilliseconds:F0} ms");
        }
        await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);

        Assert.True(failures.Count == 0, $"{failures.Count} requests failed:\n" + string.Join("\n", failures.Take(100)));
        var errors = logs.Entries.Where(e => e.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} error log entries:\n" + string.Join("\n", errors.Take(20).Select(e => $"{e.Category}: {e.Message} {e.Exception?.GetType().Name} {e.Exception?.Message}")));

        // Nothing a person sees (messages, updated cards, invoke answers) shows internals.
        var seen = string.Join("\n", host.Connector.Calls.Select(c => c.Body.ToJsonString())) + responseBodies;
        Assert.DoesNotContain("   at ", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", seen, StringComparison.Ordinal);
        Assert.DoesNotContain(Marker + "-stack", seen, StringComparison.Ordinal);

        var after = await SnapshotAsync();
        AssertOnlyValidChanges(before, after);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        var sentBefore = host.SentTo(SalesStaff).Count;
        await host.SayAsync(SalesStaff, "ヘルプ");
        var answer = host.SentTo(SalesStaff).Skip(sentBefore).Single().AllText;
        Assert.Contains("部署", answer);
        Assert.Equal("経費の申請方法は？", (await host.Get<QuestionRepository>().GetAsync(BotTestHost.TenantId, questionId, default))!.Text);
    }

    /// <summary>
    /// What a valid request from these senders may change: the directory's record of a well-formed sender
    /// (People, added or updated, never removed), the record of the team the bot is (again) added to, the
    /// delivery bookkeeping of messages sent, and a question a staff member asked themselves. Everything else that existed stays exactly as it was, nothing is
    /// removed, and no hostile id appears anywhere.
    /// </summary>
    private static void AssertOnlyValidChanges(Dictionary<string, Row> before, Dictionary<string, Row> after)
    {
        string[] mayChange = [PersonRepository.TableName, TeamRepository.TableName, "Deliveries", "DeliveryQueue", JobMarks.TableName, InstanceRegistry.TableName];
        string[] mayAdd = [.. mayChange, QuestionRepository.TableName];
        var problems = new List<string>();
        foreach (var (key, row) in before)
        {
            if (!after.TryGetValue(key, out var now))
            {
                problems.Add("removed " + key);
            }
            else if (now.Properties != row.Properties && !mayChange.Any(t => row.Table.EndsWith(t, StringComparison.Ordinal)))
            {
                problems.Add("changed " + key);
            }
        }
        foreach (var (key, row) in after.Where(r => !before.ContainsKey(r.Key)))
        {
            if (!mayAdd.Any(t => row.Table.EndsWith(t, StringComparison.Ordinal)))
            {
                problems.Add("added " + key);
            }
            if (row.Table.EndsWith(PersonRepository.TableName, StringComparison.Ordinal) && row.PartitionKey != BotTestHost.TenantId)
            {
                problems.Add("person of another tenant " + key);
            }
        }
        foreach (var (key, row) in after)
        {
            if (key.Contains(Marker, StringComparison.Ordinal) || row.Properties.Contains(Marker, StringComparison.Ordinal))
            {
                problems.Add("hostile id stored in " + key);
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(40)));
    }

    private sealed record Row(string Table, string PartitionKey, string Properties);

    private async Task<Dictionary<string, Row>> SnapshotAsync()
    {
        var service = host.Get<Tables>().Service;
        var rows = new Dictionary<string, Row>();
        await foreach (var table in service.QueryAsync(t => t.Name.CompareTo(host.TablePrefix) >= 0 && t.Name.CompareTo(host.TablePrefix + "~") < 0))
        {
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var properties = string.Join("|", entity.Where(p => p.Key is not ("Timestamp" or "odata.etag")).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
                rows[$"{table.Name}/{entity.PartitionKey}/{entity.RowKey}"] = new Row(table.Name, entity.PartitionKey, properties);
            }
        }
        return rows;
    }
}

public enum Category
{
    BrokenJson,
    MissingField,
    WrongTypeField,
    HugeText,
    DeepNesting,
    UnknownType,
    VerbWrongTypes,
    OtherPeoplesIds,
    HostileKeys,
    InvisibleText,
}

public sealed record HostileRequest(Category Category, string Label, byte[] Body, string ContentType = "application/json");

public sealed record OtherPeoples(string QuestionId, string BroadcastId, string RunId, string InitiativeId, string DepartmentId);

/// <summary>The hostile traffic, generated from a fixed seed so every run sends the same requests.</summary>
public sealed class HostileRequests(string serviceUrl, IReadOnlyList<string> verbs, OtherPeoples others)
{
    private const string Marker = "EVIL";

    /// <summary>Every field name any card handler reads, so each verb meets each wrong type.</summary>
    private static readonly string[] Fields =
    [
        "initiativeId", "questionId", "broadcastId", "etag", "enabled", "departmentIds", "departmentId", "title", "source", "runId", "person",
        "name", "language", "csv", "audience", "archivedId", "answer", "windowDays", "weekday", "urgent", "until", "tz", "token", "to", "timing",
        "timeZone", "time", "textJa", "textEn", "text", "targetPercent", "targetDate", "status", "rule", "role", "required", "reminderDays",
        "reminderCount", "reason", "preview", "owner", "occurrence", "newName", "monthlyRule", "message", "linkUrl", "linkTitle", "lang", "kind",
        "keyId", "improvementId", "imageUrl", "goLive", "followUp", "faqQuestion", "faqAnswer", "direction", "dept", "day", "dates", "date", "cron",
        "count", "confirmed", "companyWide", "command", "closes", "choices", "body", "anonymity", "acknowledge", "q1", "q2", "comment",
    ];

    /// <summary>Characters Azure Tables forbid in keys, and others that have broken parsers.</summary>
    private static readonly string[] HostileIds =
    [
        Marker + "/slash", Marker + "\\back", Marker + "#hash", Marker + "?q", Marker + "\u0001ctl", Marker + "\u007f", Marker + "\u0085nel",
        Marker + "'quote", Marker + "\"dq", Marker + " %2F", "../" + Marker, Marker + "\u200b", Marker + "\u202e", new string('x', 1100) + Marker,
        Marker + "\ud83d\ude00", Marker + "\r\n", Marker + ":colon", Marker + "*", Marker + "' or PartitionKey ne '",
    ];

    private readonly Random random = new(20261206);

    private static readonly TestUser[] Senders = [BotTestHost.Staff, BotTestHost.EnglishStaff];

    public IReadOnlyList<HostileRequest> All()
    {
        var list = new List<HostileRequest>();
        list.AddRange(BrokenJson());
        list.AddRange(MissingFields());
        list.AddRange(WrongTypeFields());
        list.AddRange(HugeTexts());
        list.AddRange(DeepNesting());
        list.AddRange(UnknownTypes());
        list.AddRange(VerbsWithWrongTypes());
        list.AddRange(OtherPeoplesIds());
        list.AddRange(HostileKeys());
        list.AddRange(InvisibleTexts());
        return list;
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static HostileRequest Json(Category category, string label, JToken body) => new(category, label, Utf8(body.ToString(Newtonsoft.Json.Formatting.None)));

    private JObject Message(TestUser user, string text) => Activities.Message(user, text, serviceUrl, BotTestHost.TenantId);

    private JObject Base(string type, TestUser user) => type switch
    {
        "invoke" => Activities.Execute(user, new { verb = "help" }, serviceUrl, BotTestHost.TenantId),
        "conversationUpdate" => Activities.BotAddedToTeam(user, "19:team@thread.tacv2", serviceUrl, BotTestHost.TenantId),
        "installationUpdate" => Activities.PersonalInstall(user, serviceUrl, BotTestHost.TenantId),
        _ => Message(user, "ヘルプ"),
    };

    private TestUser Sender() => Senders[random.Next(Senders.Length)];

    private IEnumerable<HostileRequest> BrokenJson()
    {
        var valid = Message(BotTestHost.Staff, "ヘルプ").ToString(Newtonsoft.Json.Formatting.None);
        for (var i = 0; i < 30; i++)
        {
            yield return new(Category.BrokenJson, "truncated", Utf8(valid[..random.Next(0, valid.Length - 1)]));
        }
        foreach (var body in new[] { "", "null", "[]", "[{}]", "\"text\"", "42", "true", "{}", "{\"type\":}", "{'type':'message'}", "{\"type\":\"message\",}", "<xml/>", "{{{{", "}" })
        {
            yield return new(Category.BrokenJson, body, Utf8(body));
        }
        var garbage = new byte[512];
        random.NextBytes(garbage);
        yield return new(Category.BrokenJson, "random bytes", garbage);
        yield return new(Category.BrokenJson, "invalid utf-8", [.. Utf8("{\"type\":\"message\",\"text\":\""), 0xff, 0xfe, 0xc3, .. Utf8("\"}")]);
        yield return new(Category.BrokenJson, "utf-16", Encoding.Unicode.GetBytes(valid));
        yield return new(Category.BrokenJson, "text/plain", Utf8(valid), "text/plain");
        yield return new(Category.BrokenJson, "form", Utf8("type=message&text=hi"), "application/x-www-form-urlencoded");
    }

    private static readonly JToken[] WrongValues =
    [
        JValue.CreateNull(), new JValue(42), new JValue(-1.5e300), new JValue(true), new JValue(""), new JValue("   "), new JArray(1, "a", JValue.CreateNull()),
        new JObject { ["x"] = new JObject { ["y"] = 1 } }, new JValue(new string('長', 20_000)), new JValue("\u0000\u0001\u001b[31m"),
        new JValue("<script>alert(1)</script>"), new JValue("{{verb}}"), new JValue(Marker + "/#?\\"),
    ];

    private JToken Wrong() => WrongValues[random.Next(WrongValues.Length)].DeepClone();

    private IEnumerable<HostileRequest> MissingFields()
    {
        string[] fields = ["from", "conversation", "recipient", "serviceUrl", "type", "id", "channelId"];
        foreach (var type in new[] { "message", "invoke", "conversationUpdate", "installationUpdate" })
        {
            foreach (var field in fields)
            {
                var removed = Base(type, Sender());
                removed.Remove(field);
                yield return Json(Category.MissingField, $"{type} without {field}", removed);
                foreach (var value in new JToken[] { JValue.CreateNull(), new JValue(7), new JValue("text"), new JArray(), new JObject() })
                {
                    var wrong = Base(type, Sender());
                    wrong[field] = value;
                    yield return Json(Category.MissingField, $"{type} {field}={value.Type}", wrong);
                }
            }
            foreach (var (parent, child) in new[] { ("from", "id"), ("conversation", "id"), ("recipient", "id"), ("from", "aadObjectId"), ("conversation", "tenantId"), ("conversation", "conversationType") })
            {
                var removed = Base(type, Sender());
                ((JObject)removed[parent]!).Remove(child);
                yield return Json(Category.MissingField, $"{type} without {parent}.{child}", removed);
                var wrong = Base(type, Sender());
                wrong[parent]![child] = Wrong();
                yield return Json(Category.MissingField, $"{type} {parent}.{child} wrong", wrong);
            }
        }
        foreach (var url in new[] { "file:///etc/passwd", "https://127.0.0.1:1/roster.csv", "http://127.0.0.1:1/roster.csv", "ftp://127.0.0.1/roster.csv", "javascript:alert(1)" })
        {
            var file = Message(BotTestHost.Promoter, "");
            file["attachments"] = new JArray(new JObject
            {
                ["contentType"] = global::TeamsDxBot.Imports.FileImport.TeamsFileContentType,
                ["name"] = "roster.csv",
                ["content"] = new JObject { ["downloadUrl"] = url, ["fileType"] = "csv" },
            });
            yield return Json(Category.MissingField, "file at " + url, file);
        }
        foreach (var url in new[] { "not a url", "ftp://127.0.0.1/", "http://", "//127.0.0.1", "javascript:alert(1)", "file:///etc/passwd", "https://[::1" })
        {
            var a = Message(Sender(), "ヘルプ");
            a["serviceUrl"] = url;
            yield return Json(Category.MissingField, "serviceUrl " + url, a);
        }
    }

    private IEnumerable<HostileRequest> WrongTypeFields()
    {
        string[] fields = ["text", "locale", "timestamp", "localTimestamp", "localTimezone", "entities", "channelData", "attachments", "value", "name", "replyToId", "membersAdded", "membersRemoved", "textFormat", "action", "label", "valueType", "speak", "suggestedActions"];
        foreach (var type in new[] { "message", "invoke" })
        {
            foreach (var field in fields)
            {
                for (var i = 0; i < 4; i++)
                {
                    var a = Base(type, Sender());
                    a[field] = Wrong();
                    yield return Json(Category.WrongTypeField, $"{type} {field}", a);
                }
            }
        }
        foreach (var value in WrongValues)
        {
            var a = Base("invoke", Sender());
            a["value"]!["action"] = value.DeepClone();
            yield return Json(Category.WrongTypeField, "invoke action " + value.Type, a);
            var b = Base("invoke", Sender());
            b["value"]!["action"]!["data"] = value.DeepClone();
            yield return Json(Category.WrongTypeField, "invoke data " + value.Type, b);
            var c = Base("invoke", Sender());
            c["value"]!["action"]!["verb"] = value.DeepClone();
            yield return Json(Category.WrongTypeField, "invoke verb " + value.Type, c);
            var d = Message(Sender(), "");
            d["value"] = new JObject { ["verb"] = value.DeepClone() };
            yield return Json(Category.WrongTypeField, "submit verb " + value.Type, d);
            var e = Message(Sender(), "");
            e["channelData"]!["tenant"] = value.DeepClone();
            e["conversation"]!["tenantId"] = null;
            yield return Json(Category.WrongTypeField, "channelData.tenant " + value.Type, e);
            // A promoter's file whose download link is unusable or of the wrong type (only loopback hosts: nothing leaves the machine).
            var file = Message(BotTestHost.Promoter, "");
            file["attachments"] = new JArray(new JObject
            {
                ["contentType"] = global::TeamsDxBot.Imports.FileImport.TeamsFileContentType,
                ["name"] = value.Type == JTokenType.String ? (string?)value : "x.csv",
                ["content"] = new JObject { ["downloadUrl"] = value.DeepClone(), ["fileType"] = "csv" },
            });
            yield return Json(Category.WrongTypeField, "file downloadUrl " + value.Type, file);
            var f = Message(Sender(), "");
            f["entities"] = new JArray(new JObject { ["type"] = "clientInfo", ["locale"] = value.DeepClone(), ["timezone"] = value.DeepClone() });
            yield return Json(Category.WrongTypeField, "clientInfo " + value.Type, f);
        }
    }

    private IEnumerable<HostileRequest> HugeTexts()
    {
        foreach (var size in new[] { 30_000, 100_000, 1_000_000 })
        {
            yield return Json(Category.HugeText, $"text {size}", Message(Sender(), new string('あ', size)));
            var submit = Activities.Submit(Sender(), new { verb = QuestionCards.SendVerb, text = new string('a', size), urgent = "false" }, serviceUrl, BotTestHost.TenantId);
            yield return Json(Category.HugeText, $"question {size}", submit);
            var name = Message(Sender(), "ヘルプ");
            name["from"]!["name"] = new string('名', size);
            yield return Json(Category.HugeText, $"name {size}", name);
        }
        yield return Json(Category.HugeText, "command with 1 MB arguments", Message(Sender(), "部署 " + new string('x', 1_000_000)));
    }

    private IEnumerable<HostileRequest> DeepNesting()
    {
        foreach (var depth in new[] { 65, 200, 1_000, 10_000 })
        {
            var nested = new StringBuilder();
            nested.Insert(0, "[", depth).Append(']', depth);
            var valid = Message(Sender(), "ヘルプ").ToString(Newtonsoft.Json.Formatting.None);
            yield return new(Category.DeepNesting, $"value depth {depth}", Utf8(valid[..^1] + ",\"value\":" + nested + "}"));
            yield return new(Category.DeepNesting, $"channelData depth {depth}", Utf8(valid[..^1] + ",\"channelData\":" + nested + "}"));
            var objects = string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
            yield return new(Category.DeepNesting, $"entities depth {depth}", Utf8(valid[..^1] + ",\"entities\":[" + objects + "]}"));
        }
    }

    private IEnumerable<HostileRequest> UnknownTypes()
    {
        foreach (var type in new[] { "foo", "", " message", "MESSAGE", "event", "handoff", "trace", "endOfConversation", "messageReaction", "messageUpdate", "messageDelete", "suggestion", "command", "commandResult", "typing", "deleteUserData", "contactRelationUpdate", "delay", "invokeResponse" })
        {
            var a = Message(Sender(), "ヘルプ");
            a["type"] = type;
            a["name"] = "ContinueConversation";
            yield return Json(Category.UnknownType, "type " + type, a);
        }
        foreach (var name in new[] { "foo/bar", "", "composeExtension/query", "composeExtension/submitAction", "task/fetch", "task/submit", "signin/verifyState", "signin/tokenExchange", "fileConsent/invoke", "actionableMessage/executeAction", "config/fetch", "tab/fetch", "healthCheck", "adaptiveCard/action ", "ADAPTIVECARD/ACTION", "message/submitAction", "handoff/action", "application/search" })
        {
            var a = Base("invoke", Sender());
            a["name"] = name;
            yield return Json(Category.UnknownType, "invoke " + name, a);
        }
    }

    private IEnumerable<HostileRequest> VerbsWithWrongTypes()
    {
        foreach (var verb in verbs)
        {
            for (var i = 0; i < 3; i++)
            {
                var data = new JObject { ["verb"] = verb };
                foreach (var field in Fields.Where(_ => random.Next(3) == 0))
                {
                    data[field] = Wrong();
                }
                yield return Json(Category.VerbWrongTypes, $"submit {verb}", Activities.Submit(Sender(), data, serviceUrl, BotTestHost.TenantId));
                var execute = Activities.Execute(Sender(), data, serviceUrl, BotTestHost.TenantId);
                yield return Json(Category.VerbWrongTypes, $"execute {verb}", execute);
            }
            // A promoter's press with every field of the wrong type: refused, nothing half-applied.
            var all = new JObject { ["verb"] = verb };
            foreach (var field in Fields)
            {
                all[field] = random.Next(2) == 0 ? new JArray(Marker) : new JObject { ["id"] = Marker };
            }
            yield return Json(Category.VerbWrongTypes, $"promoter {verb}", Activities.Submit(BotTestHost.Promoter, all, serviceUrl, BotTestHost.TenantId));
        }
    }

    private IEnumerable<HostileRequest> OtherPeoplesIds()
    {
        var ids = new Dictionary<string, string>
        {
            ["questionId"] = others.QuestionId, ["broadcastId"] = others.BroadcastId, ["runId"] = others.RunId,
            ["initiativeId"] = others.InitiativeId, ["departmentId"] = others.DepartmentId, ["archivedId"] = others.DepartmentId,
            ["person"] = BotTestHost.Promoter.AadObjectId,
        };
        // Someone outside sales presses everything with ids that are not theirs to act on.
        foreach (var verb in verbs)
        {
            var data = new JObject { ["verb"] = verb, ["role"] = "Promoter", ["answer"] = "答え", ["name"] = "乗っ取り", ["newName"] = "乗っ取り", ["enabled"] = "false", ["status"] = "Cancelled" };
            foreach (var (field, id) in ids)
            {
                data[field] = id;
            }
            yield return Json(Category.OtherPeoplesIds, $"submit {verb}", Activities.Submit(HostileInputTests.Outsider, data, serviceUrl, BotTestHost.TenantId));
            yield return Json(Category.OtherPeoplesIds, $"execute {verb}", Activities.Execute(HostileInputTests.Outsider, data, serviceUrl, BotTestHost.TenantId));
        }
    }

    private IEnumerable<HostileRequest> HostileKeys()
    {
        foreach (var id in HostileIds)
        {
            foreach (var type in new[] { "message", "invoke", "installationUpdate", "conversationUpdate" })
            {
                var byAad = Base(type, new TestUser(id, "悪意", "x@example.com"));
                yield return Json(Category.HostileKeys, $"{type} aad {id[..Math.Min(12, id.Length)]}", byAad);
                var byTenant = Base(type, BotTestHost.Staff);
                byTenant["conversation"]!["tenantId"] = id;
                byTenant["channelData"]!["tenant"]!["id"] = id;
                yield return Json(Category.HostileKeys, $"{type} tenant {id[..Math.Min(12, id.Length)]}", byTenant);
            }
            // The promoter pressing buttons whose ids are hostile: a not-found answer, no storage call with them.
            var verb = verbs[random.Next(verbs.Count)];
            var data = new JObject { ["verb"] = verb };
            foreach (var field in new[] { "questionId", "broadcastId", "runId", "initiativeId", "departmentId", "archivedId", "person", "keyId", "improvementId", "departmentIds", "owner", "dept" })
            {
                data[field] = id;
            }
            yield return Json(Category.HostileKeys, $"promoter ids {verb}", Activities.Submit(BotTestHost.Promoter, data, serviceUrl, BotTestHost.TenantId));
        }
    }

    private IEnumerable<HostileRequest> InvisibleTexts()
    {
        string[] texts =
        [
            "\u200bヘルプ", "ヘ\u200bルプ", "\u202eプルヘ", "\u200f\u200fhelp", "\ufeffhelp", "\u2066部署\u2069", "help\u0000", "部署\u3000追加\u200b",
            "\u202a\u202b\u202c\u202d\u202e", "\u200d\u200c\u2060", "\u061c\u200e", "ﾍﾙﾌﾟ", "ＨＥＬＰ", "/\u200bhelp", "e\u0301\u0301\u0301\u0301\u0301",
            "\ud800", "\udfff lone", "🧑‍💻‍", "\u00ad", "\u034f\u034f",
        ];
        foreach (var text in texts)
        {
            yield return Json(Category.InvisibleText, "text", Message(Sender(), text));
            var named = Message(Sender(), "ヘルプ");
            named["from"]!["name"] = text;
            yield return Json(Category.InvisibleText, "name", named);
        }
    }
}
