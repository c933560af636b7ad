using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.FakeConnector;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Observability;
using TeamsDxBot.Pulse;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Benchmarks;

/// <summary>
/// Monday 10:00 at a company of N people: the weekly pulse falls due on the bots' clocks, the real
/// scheduler creates the run and queues every survey, the real engine sends them through Azurite to the
/// fake Bot Connector (Teams' limits, latency), and each person presses 回答する a random 0..W seconds
/// after their card landed, posting the card's own Action.Execute to /api/messages as Teams does.
/// The bots are separate processes (this program again, "monday-bot") on one storage account, so each
/// one's CPU is its own; this process holds the fake connector, the people and a host for setup and checks
/// that neither schedules nor sends.
/// </summary>
public static class MondayBenchmark
{
    public const string Tenant = "bench-tenant";
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>What happened to one person: when their card landed and how their answer went (ticks of Stopwatch).</summary>
    private sealed class Outcome
    {
        public int Cards;
        public long CardAt;
        public long AnswerStart;
        public double AnswerMs = -1;
        public bool AnswerOk;
        public int Instance;
    }

    public static async Task<int> RunAsync(Args args)
    {
        var count = args.Int("people", 10_000);
        var instances = args.Int("instances", 1);
        var latencyMs = args.Int("latency-ms", 100);
        var windowSeconds = args.Double("answer-window-s", 300);
        // The product's own default: Teams allows an app 50 requests a second per tenant.
        var tenantRps = args.Double("tenant-rps", new DeliveryOptions().TenantRequestsPerSecond);
        var departmentCount = args.Int("departments", 10);
        // One schedule tick period (Pulse:CheckInterval, 1 minute), so the idle figure holds one directory read.
        var idleSeconds = args.Int("idle-seconds", 60);
        var seed = args.Int("seed", 20261207);
        // Diagnostics: each bot measures thread-pool wake-up lag and GC pauses, polled twice a second. Off by
        // default: the probe itself keeps the pool's threads awake and so changes answer latency.
        var tracePool = args.Int("trace-pool", 0) == 1;
        if (instances is < 1 or > 8 || count < 1)
        {
            throw new ArgumentException("--instances must be 1..8 and --people at least 1.");
        }
        var storage = Environment.GetEnvironmentVariable("TEAMSDXBOT_BENCH_STORAGE") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";
        var setup = Stopwatch.StartNew();

        var staff = new List<BenchStaff>();
        var byConversation = new Dictionary<string, BenchStaff>(StringComparer.Ordinal);
        var outcomes = new Outcome[count];
        var answers = new ConcurrentQueue<Task>();
        long firstCard = 0, lastCard = 0;
        var cardsLanded = 0;
        var repeatedCards = 0;
        var botAddresses = new List<Uri>();
        using var client = Load.Client(new Uri("http://127.0.0.1/"), 512);

        // Every card the fake accepts: a survey card schedules its person's press of the card's own Action.Execute.
        void OnDelivered(DeliveredActivity delivered)
        {
            var at = Stopwatch.GetTimestamp();
            if (!byConversation.TryGetValue(delivered.ConversationId, out var person)
                || delivered.Body["attachments"]?.AsArray().FirstOrDefault()?["content"] is not JsonObject card
                || card["actions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(a => (string?)a["type"] == "Action.Execute" && (string?)a["verb"] == PulseCards.AnswerVerb) is not { } action)
            {
                return;
            }
            var outcome = outcomes[person.Index];
            if (Interlocked.Increment(ref outcome.Cards) > 1)
            {
                Interlocked.Increment(ref repeatedCards);
                return;
            }
            Interlocked.CompareExchange(ref firstCard, at, 0);
            InterlockedMax(ref lastCard, at);
            Interlocked.Increment(ref cardsLanded);
            outcome.CardAt = at;
            var random = new Random(seed ^ person.Index);
            var payload = AnswerPayload(person, card, action, delivered, random);
            var delay = TimeSpan.FromSeconds(random.NextDouble() * windowSeconds);
            outcome.Instance = person.Index % instances;
            var target = new Uri(botAddresses[outcome.Instance], "api/messages");
            answers.Enqueue(Task.Run(async () =>
            {
                await Task.Delay(delay);
                outcome.AnswerStart = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(payload);
                    content.Headers.ContentType = Json;
                    using var response = await client.PostAsync(target, content);
                    // The thank-you card (with its 回答を変更 button) replaces the survey in the HTTP answer.
                    outcome.AnswerOk = response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync()).Contains(PulseCards.EditVerb, StringComparison.Ordinal);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    Console.Error.WriteLine($"answer {person.Index}: {e.GetType().Name}: {e.Message}");
                }
                outcome.AnswerMs = Stopwatch.GetElapsedTime(outcome.AnswerStart).TotalMilliseconds;
            }));
        }

        await using var fake = await FakeConnectorServer.StartAsync(new FakeConnectorOptions
        {
            EnforceTeamsLimits = true,
            TenantRequestsPerSecond = tenantRps,
            Latency = TimeSpan.FromMilliseconds(latencyMs),
            RecordBodies = false,
            Delivered = OnDelivered,
        });
        var serviceUrl = fake.ServiceUrl;

        // One deployment: the same tables and the same signing key in every process.
        var common = new Dictionary<string, string>
        {
            ["Storage:ConnectionString"] = storage,
            ["Storage:TablePrefix"] = "m" + Guid.NewGuid().ToString("N")[..10],
            ["Files:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Demo:Seed"] = "false",
            ["Bot:AllowedTenants:0"] = Tenant,
            ["Logging:LogLevel:Default"] = "Warning",
            // Nudges would spend the same tenant rate on other messages; this measures the pulse alone.
            ["Nudges:CheckInterval"] = "30.00:00:00",
        };
        // Setup and checks only: this host neither runs the schedule nor sends.
        await using var control = await InProcessBot.StartAsync(new Dictionary<string, string>(common)
        {
            ["Delivery:RunEngine"] = "false",
            ["Pulse:RunWorker"] = "false",
            ["Questions:CheckInterval"] = "30.00:00:00",
            ["Broadcasts:CheckInterval"] = "30.00:00:00",
        });
        var now = control.Get<TimeProvider>().GetUtcNow();
        var departments = new List<string>();
        foreach (var name in IntakeBenchmark.DepartmentNames(departmentCount))
        {
            departments.Add((await control.Get<DepartmentRepository>().CreateAsync(Tenant, name, now, default)).Department!.Id);
        }
        for (var i = 0; i < count; i++)
        {
            var person = new BenchStaff(i, $"00000000-0000-4000-8000-{i:000000000000}", departments[i % departments.Count]);
            staff.Add(person);
            byConversation[person.ConversationId] = person;
            outcomes[i] = new Outcome();
        }
        await BenchStaff.EnrolAsync(control.Get<PersonRepository>(), Tenant, staff, serviceUrl, now, TimeSpan.FromDays(7));
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var initiative = new Initiative
        {
            TenantId = Tenant,
            Id = "bench-monday",
            Name = "経費精算システム",
            GoLive = today.AddDays(-30),
            TargetDate = today.AddDays(60),
            CreatedAt = now.AddDays(-40),
        };
        await control.Get<InitiativeRepository>().AddAsync(initiative, default);
        // The weekly pulse as a promoter leaves it: Mondays 10:00 in each person's zone, to everyone.
        var settings = await control.Get<PulseSettingsRepository>().SaveAsync(new PulseSettings
        {
            TenantId = Tenant,
            InitiativeId = initiative.Id,
            Cron = PulseSettings.DefaultCron,
            AudienceAll = true,
            StartedAt = now,
        }, default);
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var due = control.Get<PulseScheduler>().NextRuns(settings, initiative, tokyo, 1).Single();
        Console.Error.WriteLine($"seeded {count} people in {setup.Elapsed.TotalSeconds:F1}s; the pulse is due {due:u} (Asia/Tokyo {TimeZoneInfo.ConvertTime(due, tokyo):ddd HH:mm})");

        var bots = new List<BotProcess>();
        try
        {
            for (var i = 0; i < instances; i++)
            {
                var bot = await BotProcess.StartAsync(tracePool ? new Dictionary<string, string>(common) { [PoolProbeSetting] = "true" } : common);
                bots.Add(bot);
                botAddresses.Add(bot.Address);
            }
            Console.Error.WriteLine($"{instances} bot process(es) up after {setup.Elapsed.TotalSeconds:F1}s");

            var setupSeconds = setup.Elapsed.TotalSeconds;
            // Idle cost: engines polling an empty queue, schedulers ticking (reading the directory each minute).
            // Start-up work (table checks, first compiles) is over before idle is measured.
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(15, idleSeconds)));
            var idleStart = await SnapshotAsync(bots);
            await Task.Delay(TimeSpan.FromSeconds(idleSeconds));
            var beforeFanout = await SnapshotAsync(bots);
            var idleCpuPerSecond = bots.Select((_, i) => (beforeFanout.Cpu[i] - idleStart.Cpu[i]) / (beforeFanout.At - idleStart.At)).ToArray();

            // Each bot's clock moves to two seconds before 10:00 (the product's Development clock, as the journeys use it).
            var lead = TimeSpan.FromSeconds(2);
            var offsets = new List<TimeSpan>();
            foreach (var bot in bots)
            {
                var by = due - lead - DateTimeOffset.UtcNow;
                using var response = await client.PostAsync(new Uri(bot.Address, $"_dev/clock/advance?minutes={by.TotalMinutes.ToString("R", CultureInfo.InvariantCulture)}"), null);
                response.EnsureSuccessStatusCode();
                var offset = TimeSpan.Parse((await response.Content.ReadFromJsonAsync<JsonObject>())!["offset"]!.GetValue<string>(), CultureInfo.InvariantCulture);
                offsets.Add(offset);
            }
            // Bot clock time to this process's Stopwatch: bot time less the bot's offset is real time.
            var (originStamp, originTime) = (Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow);
            long Stamp(DateTimeOffset botTime) => originStamp + (long)((botTime - offsets[0] - originTime).TotalSeconds * Stopwatch.Frequency);
            var dueAt = Stamp(due);

            // Where the time goes: CPU of Azurite and of each bot, cards and answers, every half second.
            var azuritePid = int.TryParse(Environment.GetEnvironmentVariable("TEAMSDXBOT_BENCH_AZURITE_PID"), out var apid) ? apid : (int?)null;
            var timeline = new StringBuilder("t_s,azurite_cpu_ms,").Append(string.Join(',', bots.Select((_, i) => $"bot{i}_cpu_ms,bot{i}_gc_pause_ms,bot{i}_gen2,bot{i}_threads,bot{i}_pool_lag_ms")))
                .AppendLine(",cards,answers_started,answers_done,bench_gc_pause_ms");
            using var sampling = new CancellationTokenSource();
            var origin = Stopwatch.GetTimestamp();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    var t = Seconds(origin, Stopwatch.GetTimestamp());
                    var az = IntakeBenchmark.CpuMs(azuritePid);
                    var stats = tracePool
                        ? await Task.WhenAll(bots.Select(b => b.StatsAsync()))
                        : bots.Select(b => new BotStats(IntakeBenchmark.CpuMs(b.Pid), 0, 0, 0)).ToArray();
                    timeline.Append(CultureInfo.InvariantCulture, $"{t:F1},{az:F0},")
                        .Append(string.Join(',', stats.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.CpuMs:F0},{b.GcPauseMs:F0},{b.Gen2},{b.Threads},{b.MaxPoolLagMs:F0}"))))
                        .Append(CultureInfo.InvariantCulture, $",{Volatile.Read(ref cardsLanded)},{outcomes.Count(o => o.AnswerStart > 0)},{outcomes.Count(o => o.AnswerMs >= 0)},{GC.GetTotalPauseDuration().TotalMilliseconds:F0}")
                        .AppendLine();
                    await Task.Delay(500, sampling.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            });

            // The schedule worker finds the run due at its next tick (Pulse:CheckInterval).
            var runs = control.Get<PulseRunRepository>();
            PulseRun? run = null;
            var waitForRun = Stopwatch.StartNew();
            while (run is null)
            {
                await Task.Delay(500);
                run = (await runs.ListAsync(Tenant, default)).SingleOrDefault(r => r.InitiativeId == initiative.Id);
                if (run is null && waitForRun.Elapsed > TimeSpan.FromMinutes(3))
                {
                    throw new InvalidOperationException("No bot created the Monday run within 3 minutes of its time.");
                }
            }
            var runCreated = Stamp(run.CreatedAt);
            Console.Error.WriteLine($"run {run.Id} created {Seconds(dueAt, runCreated):F1}s after it fell due, for {run.Invited.Values.Sum()} people");

            var progress = (Count: -1, At: Stopwatch.StartNew());
            var watch = Stopwatch.StartNew();
            while (Volatile.Read(ref cardsLanded) < count)
            {
                await Task.Delay(250);
                var landed = Volatile.Read(ref cardsLanded);
                if (landed != progress.Count)
                {
                    progress = (landed, Stopwatch.StartNew());
                }
                else if (progress.At.Elapsed > TimeSpan.FromSeconds(120))
                {
                    Console.Error.WriteLine("no survey card landed for 120 s; stopping the fan-out");
                    break;
                }
                if (watch.Elapsed.TotalSeconds % 15 < 0.26)
                {
                    Console.Error.WriteLine($"{Seconds(runCreated, Stopwatch.GetTimestamp()):F0}s: {landed}/{count} cards, {outcomes.Count(o => o.AnswerMs >= 0)} answers");
                }
            }
            var afterFanout = await SnapshotAsync(bots);
            var fanoutEnd = Volatile.Read(ref lastCard);

            Console.Error.WriteLine($"fan-out done; waiting for the last answers (up to {windowSeconds:F0}s)");
            await Task.WhenAll(answers.ToArray());
            var afterAnswers = await SnapshotAsync(bots);
            await sampling.CancelAsync();
            await sampler;
            var traceDirectory = Path.Combine(Environment.CurrentDirectory, "artifacts", "bench");
            System.IO.Directory.CreateDirectory(traceDirectory);
            await File.WriteAllTextAsync(Path.Combine(traceDirectory, $"monday-{instances}-timeline.csv"), timeline.ToString());
            await File.WriteAllLinesAsync(Path.Combine(traceDirectory, $"monday-{instances}-answers.csv"),
                ["card_s,answer_start_s,answer_ms,instance,ok", .. outcomes.Where(o => o.AnswerMs >= 0).Select(o => string.Create(CultureInfo.InvariantCulture,
                    $"{Seconds(origin, o.CardAt):F2},{Seconds(origin, o.AnswerStart):F2},{o.AnswerMs:F1},{o.Instance},{(o.AnswerOk ? 1 : 0)}"))]);
            Console.Error.WriteLine($"timeline and answers written to {traceDirectory} (seconds from the clock move; the run was created at {Seconds(origin, runCreated):F1}s)");

            // Every answer stored once, and counted in the run's tally.
            var keys = control.Get<PulseKeys>();
            var stored = (await control.Get<PulseResponseRepository>().ListAsync(Tenant, run.Id, default)).ToDictionary(r => r.RespondentKey);
            var tally = (await control.Get<PulseResponseRepository>().ReadTallyAsync(Tenant, run.Id, default)).Departments.Values.Sum(t => t.Respondents);
            var answered = staff.Where(p => outcomes[p.Index].Cards > 0).ToList();
            var notRecorded = answered.Count(p => !stored.ContainsKey(keys.RespondentKey(run.Id, p.AadObjectId)));
            var storedTwice = stored.Values.Count(r => r.Version != 1);
            var neverGotCard = count - Volatile.Read(ref cardsLanded);

            var all = answered.Select(p => outcomes[p.Index]).Where(o => o.AnswerMs >= 0).ToList();
            var during = all.Where(o => o.AnswerStart <= fanoutEnd).ToList();
            var fanoutSeconds = Seconds(runCreated, fanoutEnd);
            var fanoutWindow = afterFanout.At - beforeFanout.At;
            var tailWindow = afterAnswers.At - afterFanout.At;
            // CPU per answer from the tail (answers only, no sends), net of idle; per message from the fan-out
            // window, net of idle and of the answers handled during it at that per-answer cost.
            var perAnswer = bots.Select((_, i) =>
            {
                var n = afterAnswers.Answers[i] - afterFanout.Answers[i];
                return n == 0 ? 0 : (afterAnswers.Cpu[i] - afterFanout.Cpu[i] - (idleCpuPerSecond[i] * tailWindow)) / n;
            }).ToArray();
            var perMessage = bots.Select((_, i) =>
            {
                var sent = afterFanout.Sent[i] - beforeFanout.Sent[i];
                var answersDuring = afterFanout.Answers[i] - beforeFanout.Answers[i];
                return sent == 0 ? 0 : (afterFanout.Cpu[i] - beforeFanout.Cpu[i] - (idleCpuPerSecond[i] * fanoutWindow) - (answersDuring * perAnswer[i])) / sent;
            }).ToArray();

            var result = new Dictionary<string, object>
            {
                ["bench"] = "monday",
                ["people"] = count,
                ["instances"] = instances,
                ["tenant_rps"] = tenantRps,
                ["latency_ms"] = latencyMs,
                ["answer_window_s"] = windowSeconds,
                ["fanout_seconds"] = Math.Round(fanoutSeconds, 2),
                ["ratio_to_bound"] = Math.Round(count / tenantRps / fanoutSeconds, 3),
                ["answers"] = all.Count,
                ["p50_ms"] = Math.Round(Percentile(all, 0.50), 1),
                ["p99_ms"] = Math.Round(Percentile(all, 0.99), 1),
                ["answers_during_fanout"] = during.Count,
                ["p50_during_fanout_ms"] = Math.Round(Percentile(during, 0.50), 1),
                ["p99_during_fanout_ms"] = Math.Round(Percentile(during, 0.99), 1),
                ["max_ms"] = Math.Round(all.Select(o => o.AnswerMs).DefaultIfEmpty(0).Max(), 1),
                ["lost"] = neverGotCard + notRecorded,
                ["duplicates"] = fake.DuplicateDeliveries,
                ["cards_never_landed"] = neverGotCard,
                ["answers_not_recorded"] = notRecorded,
                ["answers_without_thank_you"] = all.Count(o => !o.AnswerOk),
                ["stored_responses"] = stored.Count,
                ["tally_respondents"] = tally,
                ["stored_twice"] = storedTwice,
                ["survey_cards_repeated"] = repeatedCards,
                ["throttled_429"] = fake.Throttled429Count,
                ["connector_delivered"] = fake.Delivered,
                ["cpu_ms_per_message"] = perMessage.Select(v => Math.Round(v, 3)).ToArray(),
                ["cpu_ms_per_answer"] = perAnswer.Select(v => Math.Round(v, 3)).ToArray(),
                ["messages_per_instance"] = bots.Select((_, i) => afterFanout.Sent[i] - beforeFanout.Sent[i]).ToArray(),
                ["answers_per_instance"] = bots.Select((_, i) => afterAnswers.Answers[i] - beforeFanout.Answers[i]).ToArray(),
                ["cpu_s_fanout"] = bots.Select((_, i) => Math.Round((afterFanout.Cpu[i] - beforeFanout.Cpu[i]) / 1000, 2)).ToArray(),
                ["cpu_s_answers_tail"] = bots.Select((_, i) => Math.Round((afterAnswers.Cpu[i] - afterFanout.Cpu[i]) / 1000, 2)).ToArray(),
                ["idle_cpu_ms_per_s"] = idleCpuPerSecond.Select(v => Math.Round(v, 1)).ToArray(),
                ["peak_rss_mb"] = afterAnswers.RssMb,
                ["tick_lag_seconds"] = Math.Round(Seconds(dueAt, runCreated), 2),
                ["first_card_seconds"] = Math.Round(Seconds(runCreated, firstCard), 2),
                ["fanout_from_due_seconds"] = Math.Round(Seconds(dueAt, fanoutEnd), 2),
                ["setup_seconds"] = Math.Round(setupSeconds, 1),
                ["load_avg_after"] = LoadAverage.Read(),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync();
            }
        }
    }

    private static double Seconds(long from, long to) => (to - from) / (double)Stopwatch.Frequency;

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    private static double Percentile(IReadOnlyList<Outcome> outcomes, double p)
    {
        if (outcomes.Count == 0)
        {
            return 0;
        }
        var sorted = outcomes.Select(o => o.AnswerMs).Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    /// <summary>
    /// The press of the card's Action.Execute as Teams sends it: an adaptiveCard/action invoke whose
    /// action carries the card's verb and its data with every input merged in, replying to the card's activity.
    /// </summary>
    private static byte[] AnswerPayload(BenchStaff person, JsonObject card, JsonObject action, DeliveredActivity delivered, Random random)
    {
        var data = action["data"]?.DeepClone() as JsonObject ?? [];
        foreach (var input in Inputs(card["body"]))
        {
            var id = (string?)input["id"];
            var required = input["isRequired"] is JsonValue r && r.GetValue<bool>();
            if (id is null || (!required && random.NextDouble() < 0.5))
            {
                continue;
            }
            if ((string?)input["type"] == "Input.ChoiceSet" && input["choices"] is JsonArray choices && choices.Count > 0)
            {
                data[id] = (string?)choices[random.Next(choices.Count)]!["value"];
            }
            else if ((string?)input["type"] == "Input.Text" && random.NextDouble() < 0.2)
            {
                data[id] = "申請画面の入力項目が多くて時間がかかります。";
            }
        }
        var activity = new JsonObject
        {
            ["type"] = "invoke",
            ["name"] = "adaptiveCard/action",
            ["id"] = "in-" + person.Index.ToString(CultureInfo.InvariantCulture),
            ["channelId"] = "msteams",
            ["serviceUrl"] = delivered.Body["serviceUrl"]?.DeepClone() ?? "",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["locale"] = "ja-JP",
            ["from"] = new JsonObject { ["id"] = person.TeamsId, ["name"] = person.Name, ["aadObjectId"] = person.AadObjectId },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "TeamsDxBot" },
            ["conversation"] = new JsonObject { ["id"] = delivered.ConversationId, ["conversationType"] = "personal", ["tenantId"] = Tenant },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = Tenant } },
            ["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "ja-JP", ["timezone"] = "Asia/Tokyo" }),
            ["replyToId"] = delivered.ActivityId,
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = action["verb"]!.DeepClone(), ["data"] = data },
                ["trigger"] = "manual",
            },
        };
        return Encoding.UTF8.GetBytes(activity.ToJsonString());
    }

    private static IEnumerable<JsonObject> Inputs(JsonNode? node) => node switch
    {
        JsonObject o when ((string?)o["type"])?.StartsWith("Input.", StringComparison.Ordinal) == true => [o],
        JsonObject o => o.SelectMany(p => Inputs(p.Value)),
        JsonArray a => a.SelectMany(Inputs),
        _ => [],
    };

    private sealed record Snapshot(long Stamp, double At, double[] Cpu, long[] Sent, long[] Answers, double[] RssMb);

    private static async Task<Snapshot> SnapshotAsync(IReadOnlyList<BotProcess> bots)
    {
        var stamp = Stopwatch.GetTimestamp();
        var stats = await Task.WhenAll(bots.Select(b => b.StatsAsync()));
        return new Snapshot(stamp, stamp / (double)Stopwatch.Frequency, stats.Select(s => s.CpuMs).ToArray(), stats.Select(s => s.PulseSent).ToArray(),
            stats.Select(s => s.PulseAnswers).ToArray(), stats.Select(s => Math.Round(s.PeakRssMb, 1)).ToArray());
    }

    /// <summary>What a bot process reports about itself.</summary>
    /// <param name="GcPauseMs">Total time the runtime paused threads for garbage collection.</param>
    /// <param name="MaxPoolLagMs">Longest wait of a thread-pool work item (queued every 50 ms) since the previous stats: starvation shows here.</param>
    public sealed record BotStats(double CpuMs, long PulseSent, long PulseAnswers, double PeakRssMb,
        double GcPauseMs = 0, int Gen2 = 0, int Threads = 0, double MaxPoolLagMs = 0);


    /// <summary>
    /// One bot instance in its own process: this program as "monday-bot", which reads its settings as one
    /// JSON line on stdin, starts the bot's real Program, prints "ready address", answers "stats" lines
    /// with a JSON line, and stops when stdin closes.
    /// </summary>
    private sealed class BotProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly SemaphoreSlim gate = new(1, 1);

        private BotProcess(Process process, Uri address)
        {
            this.process = process;
            Address = address;
        }

        public Uri Address { get; }

        public int Pid => process.Id;

        public static async Task<BotProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
        {
            var self = Environment.ProcessPath!;
            var start = new ProcessStartInfo(self)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                start.ArgumentList.Add(typeof(BotProcess).Assembly.Location);
            }
            start.ArgumentList.Add("monday-bot");
            var process = Process.Start(start)!;
            await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(settings));
            await process.StandardInput.FlushAsync();
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3))
                ?? throw new InvalidOperationException("a bot process stopped while starting (see stderr)");
            return new BotProcess(process, new Uri(line["ready ".Length..]));
        }

        public async Task<BotStats> StatsAsync()
        {
            await gate.WaitAsync();
            try
            {
                await process.StandardInput.WriteLineAsync("stats");
                await process.StandardInput.FlushAsync();
                var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("a bot process stopped");
                return JsonSerializer.Deserialize<BotStats>(line)!;
            }
            finally
            {
                gate.Release();
            }
        }

        public async ValueTask DisposeAsync()
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill();
            }
            await process.WaitForExitAsync();
            process.Dispose();
            gate.Dispose();
        }
    }

    private const string PoolProbeSetting = "Bench:PoolProbe";

    /// <summary>The "monday-bot" side of <see cref="BotProcess"/>.</summary>
    public static async Task<int> BotAsync()
    {
        var stdin = StdinLines.Start();
        var settings = JsonSerializer.Deserialize<Dictionary<string, string>>(await stdin.ReadLineAsync() ?? "{}")!;
        var poolProbe = settings.Remove(PoolProbeSetting);
        long sent = 0, answered = 0;
        // The bot's own counters: survey cards this instance sent, answers it stored.
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Telemetry.Name && instrument.Name is "teamsdx.delivery.sends" or "teamsdx.pulse.answers")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "teamsdx.pulse.answers")
            {
                Interlocked.Add(ref answered, value);
                return;
            }
            string? kind = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == Telemetry.MessageKindTag)
                {
                    kind = tag.Value as string;
                }
                else if (tag.Key == Telemetry.OutcomeTag)
                {
                    outcome = tag.Value as string;
                }
            }
            if (kind == "pulse" && outcome == nameof(SendOutcome.Succeeded))
            {
                Interlocked.Add(ref sent, value);
            }
        });
        listener.Start();
        await using var bot = await InProcessBot.StartAsync(settings);
        var self = Process.GetCurrentProcess();
        long maxLagTicks = 0;
        using var probing = new CancellationTokenSource();
        var probe = Task.Run(async () =>
        {
            while (poolProbe && !probing.IsCancellationRequested)
            {
                var queued = Stopwatch.GetTimestamp();
                var ran = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                ThreadPool.UnsafeQueueUserWorkItem(_ => ran.TrySetResult(Stopwatch.GetTimestamp()), null);
                InterlockedMax(ref maxLagTicks, await ran.Task - queued);
                await Task.Delay(50, probing.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        });
        Console.Out.WriteLine("ready " + bot.Address);
        await Console.Out.FlushAsync();
        while (await stdin.ReadLineAsync() is { } line)
        {
            if (line == "stats")
            {
                self.Refresh();
                Console.Out.WriteLine(JsonSerializer.Serialize(new BotStats(self.TotalProcessorTime.TotalMilliseconds, Interlocked.Read(ref sent),
                    Interlocked.Read(ref answered), self.PeakWorkingSet64 / 1024.0 / 1024.0, GC.GetTotalPauseDuration().TotalMilliseconds,
                    GC.CollectionCount(2), ThreadPool.ThreadCount, Interlocked.Exchange(ref maxLagTicks, 0) * 1000.0 / Stopwatch.Frequency)));
                await Console.Out.FlushAsync();
            }
        }
        await probing.CancelAsync();
        await probe;
        return 0;
    }
}
