using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Benchmarks;

/// <summary>
/// N people send their pulse answers at once: C clients post Teams-shaped Action.Execute presses to the
/// real bot (its Program, in this process, anonymous, Azurite); the bot stores each answer and answers
/// with the thank-you card that replaces the survey. The same payloads then go to a bare CloudAdapter that only acknowledges.
/// Afterwards every answer is looked for in storage and in the rollups.
/// </summary>
public static class IntakeBenchmark
{
    public const string Tenant = "bench-tenant";

    public static async Task<int> RunAsync(Args args)
    {
        var count = args.Int("answers", 5000);
        var concurrency = args.Int("concurrency", 64);
        // Enough answers before measuring for the JIT's tiers to settle (a bot that has been up a while).
        var warmup = args.Int("warmup", 2000);
        // The floor runs only for a second or two per pass, so one pass swings with whatever else the
        // machine does; the median of several is what the bot is compared with.
        var floorPasses = Math.Max(1, args.Int("floor-passes", 3));
        var departmentCount = args.Int("departments", 10);
        // The card update each answer ends with waits this long on the connector (0: the bot's own cost only).
        var latencyMs = args.Int("latency-ms", 0);
        // When people last wrote to the bot: a week ago (last week's pulse) makes every answer also move LastSeen.
        var lastSeenHours = args.Double("last-seen-hours", 168);
        var storage = Environment.GetEnvironmentVariable("TEAMSDXBOT_BENCH_STORAGE") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";
        var azuritePid = int.TryParse(Environment.GetEnvironmentVariable("TEAMSDXBOT_BENCH_AZURITE_PID"), out var pid) ? pid : (int?)null;

        var setup = Stopwatch.StartNew();
        // Per-conversation limits stay on (one update per chat never meets them). No tenant-wide rate: that
        // would measure the fake's throttle rather than the bot (the delivery benchmark is about that rate).
        using var fakeProcess = FakeConnectorProcess.Start(tenantRps: 0, latencyMs, out var serviceUrl);
        using var fake = new HttpClient { BaseAddress = new Uri(serviceUrl) };
        await using var bot = await InProcessBot.StartAsync(new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = storage,
            ["Storage:TablePrefix"] = "i" + Guid.NewGuid().ToString("N")[..10],
            // Surveys are not sent: each person's card data is computed as the scheduler computes it.
            ["Delivery:RunEngine"] = "false",
            ["Pulse:CheckInterval"] = "30.00:00:00",
            ["Questions:CheckInterval"] = "30.00:00:00",
            ["Demo:Seed"] = "false",
            ["Bot:AllowedTenants:0"] = Tenant,
        });
        var now = bot.Get<TimeProvider>().GetUtcNow();

        var departments = new List<string>();
        foreach (var name in DepartmentNames(departmentCount))
        {
            departments.Add((await bot.Get<DepartmentRepository>().CreateAsync(Tenant, name, now, default)).Department!.Id);
        }
        var warmupDepartment = (await bot.Get<DepartmentRepository>().CreateAsync(Tenant, "ウォームアップ", now, default)).Department!.Id;
        var staff = Enumerable.Range(0, count).Select(i => new BenchStaff(i, Aad(i), departments[i % departments.Count])).ToList();
        var warmupStaff = Enumerable.Range(0, warmup).Select(i => new BenchStaff(1_000_000 + i, Aad(1_000_000 + i), warmupDepartment)).ToList();
        await BenchStaff.EnrolAsync(bot.Get<PersonRepository>(), Tenant, staff.Concat(warmupStaff), serviceUrl, now, TimeSpan.FromHours(lastSeenHours));
        Console.Error.WriteLine($"enrolled {staff.Count + warmupStaff.Count} people in {setup.Elapsed.TotalSeconds:F1}s");

        // "Run now" as the promoter's press does it: the run and its invitations in the turn, then the surveys
        // queued by the woken schedule worker (AdvanceAsync), each timed.
        var runNow = Stopwatch.StartNew();
        var run = await StartRunAsync(bot, "bench-tool", "経費精算システム", departments, now);
        runNow.Stop();
        var queueing = Stopwatch.StartNew();
        await bot.Get<PulseScheduler>().AdvanceAsync(run, run.CreatedAt, default);
        queueing.Stop();
        var warmupRun = warmup > 0 ? await StartRunAsync(bot, "bench-warmup", "ウォームアップ", [warmupDepartment], now) : null;
        if (warmupRun is not null)
        {
            await bot.Get<PulseScheduler>().AdvanceAsync(warmupRun, warmupRun.CreatedAt, default);
        }
        var random = new Random(20261124);
        var payloads = await PayloadsAsync(bot, run, staff, serviceUrl, random);
        var warmupPayloads = warmupRun is null ? [] : await PayloadsAsync(bot, warmupRun, warmupStaff, serviceUrl, random);
        Console.Error.WriteLine($"run {run.Id} open for {run.Invited.Values.Sum()} people; setup {setup.Elapsed.TotalSeconds:F1}s");
        setup.Stop();

        var process = Process.GetCurrentProcess();
        var loadBefore = LoadAverage.Read();
        // Warm-up: a bot that has been up for a while has its code compiled; measure that state.
        using var botClient = Load.Client(bot.Address, concurrency);
        var warm = await Load.RunAsync(botClient, warmupPayloads, concurrency, "warm-up (bot)", mustContain: PulseCards.EditVerb);
        Console.Error.WriteLine($"warm-up: {warm.Count} answers, {warm.Failed} failed, {warm.PerSecond:F0}/s");

        LoadResult floor;
        double floorCpuMs;
        var floorRuns = new List<LoadResult>();
        await using (var floorBot = await FloorBot.StartAsync())
        {
            using var floorClient = Load.Client(floorBot.Address, concurrency);
            // The floor keeps no state, so its warm-up may repeat the measured payloads. It needs long: its
            // rate still climbs from ~2,000/s to ~8,000/s over the first 15,000 requests (JIT tiers), and
            // a floor measured cold flatters every ratio against it.
            var floorWarmup = args.Int("floor-warmup", 15000);
            await Load.RunAsync(floorClient, Enumerable.Range(0, floorWarmup).Select(i => payloads[i % payloads.Count]).ToList(), concurrency, "warm-up (floor)");
            process.Refresh();
            var before = process.TotalProcessorTime;
            for (var pass = 0; pass < floorPasses; pass++)
            {
                floorRuns.Add(await Load.RunAsync(floorClient, payloads, concurrency, $"floor {pass + 1}/{floorPasses}"));
            }
            process.Refresh();
            floorCpuMs = (process.TotalProcessorTime - before).TotalMilliseconds / floorPasses;
            floor = floorRuns.OrderBy(r => r.PerSecond).ElementAt(floorRuns.Count / 2);
        }
        Console.Error.WriteLine($"floor: {floor.PerSecond:F0}/s, p50 {floor.Percentile(0.5):F1} ms, p99 {floor.Percentile(0.99):F1} ms");

        await fake.PostAsync("_fake/reset", null);
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var azuriteBefore = CpuMs(azuritePid);
        // Each answer must come back with the thank-you card (its 回答を変更 button), not just a 200.
        var result = await Load.RunAsync(botClient, payloads, concurrency, "bot", mustContain: PulseCards.EditVerb);
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var azuriteMs = CpuMs(azuritePid) - azuriteBefore;
        Console.Error.WriteLine($"bot: {result.PerSecond:F0}/s, p50 {result.Percentile(0.5):F1} ms, p99 {result.Percentile(0.99):F1} ms, {result.Failed} HTTP errors");

        // Every answer stored exactly once: its response row, once (version 1), and counted once in the rollups.
        var fakeStats = (await fake.GetFromJsonAsync<FakeStats>("_fake/stats", FakeStats.JsonOptions))!;
        var keys = bot.Get<PulseKeys>();
        var stored = (await bot.Get<PulseResponseRepository>().ListAsync(Tenant, run.Id, default)).ToDictionary(r => r.RespondentKey);
        var rollup = (await bot.Get<PulseResponseRepository>().ReadTallyAsync(Tenant, run.Id, default)).Departments.Values.Sum(t => t.Respondents);
        var answered = staff.Count(p => result.Ok[p.Index] && stored.ContainsKey(keys.RespondentKey(run.Id, p.AadObjectId)));
        var storedTwice = stored.Values.Count(r => r.Version != 1);
        var lost = count - answered + Math.Abs(rollup - stored.Count) + storedTwice;

        var output = new Dictionary<string, object>
        {
            ["benchmark"] = "intake",
            ["answers"] = count,
            ["concurrency"] = concurrency,
            ["answers_per_s"] = Math.Round(result.PerSecond, 1),
            ["p50_ms"] = Math.Round(result.Percentile(0.50), 1),
            ["p99_ms"] = Math.Round(result.Percentile(0.99), 1),
            ["lost"] = lost,
            ["floor_answers_per_s"] = Math.Round(floor.PerSecond, 1),
            ["ratio_to_floor"] = Math.Round(result.PerSecond / floor.PerSecond, 3),
            ["floor_p50_ms"] = Math.Round(floor.Percentile(0.50), 1),
            ["floor_p99_ms"] = Math.Round(floor.Percentile(0.99), 1),
            ["floor_passes_per_s"] = floorRuns.Select(r => Math.Round(r.PerSecond, 1)).ToArray(),
            ["max_ms"] = Math.Round(result.LatenciesMs.Max(), 1),
            ["seconds"] = Math.Round(result.Seconds, 2),
            ["http_errors"] = result.Failed,
            ["stored_responses"] = stored.Count,
            ["rollup_respondents"] = rollup,
            ["stored_twice"] = storedTwice,
            // Answers that came back with the thank-you card (Action.Execute: in the HTTP answer itself).
            ["thank_you_cards"] = result.Count - result.Failed,
            // Calls the bot made to the Bot Connector during the run: replies would be apologies.
            ["connector_calls"] = fakeStats.TotalRequests - 1,
            ["connector_replies"] = fakeStats.Delivered,
            // Process CPU: the bot and the load clients (the floor figure has the same clients).
            ["cpu_ms_per_answer"] = Math.Round(cpuMs / count, 3),
            ["floor_cpu_ms_per_answer"] = Math.Round(floorCpuMs / count, 3),
            ["azurite_cpu_ms_per_answer"] = azuritePid is null ? -1 : Math.Round(azuriteMs / count, 3),
            ["warmup_answers"] = warm.Count,
            ["floor_warmup_requests"] = args.Int("floor-warmup", 15000),
            ["departments"] = departments.Count,
            ["connector_latency_ms"] = latencyMs,
            ["last_seen_hours"] = lastSeenHours,
            ["setup_seconds"] = Math.Round(setup.Elapsed.TotalSeconds, 1),
            ["run_now_turn_ms"] = Math.Round(runNow.Elapsed.TotalMilliseconds),
            ["run_now_queue_ms"] = Math.Round(queueing.Elapsed.TotalMilliseconds),
            ["run_now_people"] = run.Invited.Values.Sum(),
            // The machine is shared: a busy neighbour shows up here before it shows up in the figures.
            ["load_avg_before"] = loadBefore,
            ["load_avg_after"] = LoadAverage.Read(),
        };
        Console.Out.WriteLine(JsonSerializer.Serialize(output));
        return 0;
    }

    private static string Aad(int i) => $"00000000-0000-4000-8000-{i:000000000000}";

    public static IEnumerable<string> DepartmentNames(int count)
    {
        string[] names = ["営業部", "製造部", "総務部", "経理部", "人事部", "開発部", "品質保証部", "物流部", "購買部", "情報システム部",
            "企画部", "法務部", "広報部", "カスタマーサポート部", "設計部", "生産管理部", "施設管理部", "海外事業部", "研究所", "監査室"];
        return Enumerable.Range(0, count).Select(i => i < names.Length ? names[i] : $"事業部{i + 1:00}");
    }

    /// <summary>A promoter's "run now": the run and every invitation written, the surveys queued (not sent).</summary>
    private static async Task<PulseRun> StartRunAsync(InProcessBot bot, string id, string name, IReadOnlyList<string> departments, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var initiative = new Initiative
        {
            TenantId = Tenant,
            Id = id,
            Name = name,
            GoLive = today.AddDays(-30),
            TargetDate = today.AddDays(60),
            DepartmentIds = departments,
            CreatedAt = now.AddDays(-40),
        };
        await bot.Get<InitiativeRepository>().AddAsync(initiative, default);
        return await bot.Get<PulseScheduler>().StartNowAsync(initiative, default) ?? throw new InvalidOperationException($"Run now for {id} found nobody.");
    }

    /// <summary>
    /// Each person's card press. The card data is what their survey card carries: the ticket the scheduler
    /// signs from their invitation (run, closing time, department, language, time zone).
    /// </summary>
    private static async Task<IReadOnlyList<byte[]>> PayloadsAsync(InProcessBot bot, PulseRun run, IReadOnlyList<BenchStaff> staff, string serviceUrl, Random random)
    {
        var invitations = (await bot.Get<PulseInvitationRepository>().ListAsync(Tenant, run.Id, default)).ToDictionary(i => i.AadObjectId);
        var keys = bot.Get<PulseKeys>();
        return staff.Select(p =>
        {
            var invitation = invitations[p.AadObjectId];
            var ticket = keys.Ticket(Tenant, p.AadObjectId, run.Id, invitation.ClosesAt, invitation.DepartmentId, "ja-JP", "Asia/Tokyo");
            var value = JObject.FromObject(ticket.Data);
            value["verb"] = PulseCards.AnswerVerb;
            foreach (var (input, answer) in Answers(random))
            {
                value[input] = answer;
            }
            // An Action.Execute press, as Teams sends it: the inputs merged into the action's data.
            var activity = new JObject
            {
                ["type"] = "invoke",
                ["name"] = "adaptiveCard/action",
                ["id"] = "in-" + p.Index.ToString(CultureInfo.InvariantCulture),
                ["channelId"] = "msteams",
                ["serviceUrl"] = serviceUrl,
                ["timestamp"] = DateTimeOffset.UtcNow,
                ["locale"] = "ja-JP",
                ["from"] = new JObject { ["id"] = p.TeamsId, ["name"] = p.Name, ["aadObjectId"] = p.AadObjectId },
                ["recipient"] = new JObject { ["id"] = "28:bot", ["name"] = "TeamsDxBot" },
                ["conversation"] = new JObject { ["id"] = p.ConversationId, ["conversationType"] = "personal", ["tenantId"] = Tenant },
                ["channelData"] = new JObject { ["tenant"] = new JObject { ["id"] = Tenant } },
                ["entities"] = new JArray(new JObject { ["type"] = "clientInfo", ["locale"] = "ja-JP", ["timezone"] = "Asia/Tokyo" }),
                // The survey card's activity id: the bot answers with the thank-you that replaces it.
                ["replyToId"] = "survey-" + p.Index.ToString(CultureInfo.InvariantCulture),
                ["value"] = new JObject
                {
                    ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = PulseCards.AnswerVerb, ["data"] = value },
                    ["trigger"] = "manual",
                },
            };
            return Encoding.UTF8.GetBytes(activity.ToString(Newtonsoft.Json.Formatting.None));
        }).ToList();
    }

    private static readonly string[] Comments =
    [
        "申請画面の入力項目が多くて時間がかかります。",
        "スマホから領収書を撮影できるのが便利です。",
        "承認の通知が来ないことがありました。",
        "操作マニュアルがもう少し欲しいです。",
        "前のやり方より速くなりました。",
    ];

    /// <summary>A plausible mix: most answer the three required questions, half name a blocker, one in ten comments.</summary>
    public static IEnumerable<(string Input, string Value)> Answers(Random random)
    {
        var usage = random.NextDouble() switch { < 0.35 => "daily", < 0.6 => "several", < 0.75 => "once", _ => PulseRoles.NotUsed };
        yield return ("q_usage", usage);
        yield return ("q_ease", random.Next(1, 6).ToString(CultureInfo.InvariantCulture));
        yield return ("q_fallback", random.NextDouble() < 0.3 ? "yes" : "no");
        if (random.NextDouble() < 0.5)
        {
            yield return ("q_blockers", new[] { "howto", "slower", "errors", "notime", "other" }[random.Next(5)]);
        }
        if (random.NextDouble() < 0.1)
        {
            yield return ("q_comment", Comments[random.Next(Comments.Length)]);
        }
    }

    /// <summary>User + system CPU of another process (Azurite), from /proc; 0 when unknown.</summary>
    internal static double CpuMs(int? pid)
    {
        try
        {
            if (pid is null)
            {
                return 0;
            }
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
