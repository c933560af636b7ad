using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TeamsDxBot.Bot;
using TeamsDxBot.Calendar;
using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Observability;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Benchmarks;

/// <summary>
/// One message to N recipients through the real engine, Azurite and the fake connector with Teams'
/// limits on; then the naive loop Bot Framework samples show (ContinueConversationAsync one after
/// another) on a sample of recipients, against the same fake.
/// </summary>
public static class DeliveryBenchmark
{
    public static async Task<int> RunAsync(Args args)
    {
        var recipients = args.Int("recipients", 10_000);
        double idleCpuMsPerSecond;
        var tenantRps = args.Double("tenant-rps", 50);
        var latencyMs = args.Int("latency-ms", 100);
        var baselineSample = Math.Min(recipients, args.Int("baseline", 300));
        var storage = Environment.GetEnvironmentVariable("TEAMSDXBOT_BENCH_STORAGE") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";

        using var fakeProcess = FakeConnectorProcess.Start(tenantRps, latencyMs, out var serviceUrl);
        using var fakeClient = new HttpClient { BaseAddress = new Uri(serviceUrl) };

        using var host = BuildHost(storage, tenantRps);
        await host.StartAsync();
        var engine = host.Services.GetRequiredService<DeliveryEngine>();
        await engine.RefreshShareAsync(default);

        // Warm-up: a long-running bot has its code compiled by the time it broadcasts; measure that state.
        var warmup = Math.Min(recipients, args.Int("warmup", 300));
        var warmupId = "warmup-" + Guid.NewGuid().ToString("N")[..8];
        await host.Services.GetRequiredService<Outbox>().EnqueueAsync(warmupId, new MessageContent("warm-up"),
            Enumerable.Range(0, warmup).Select(i => new SendRequest(warmupId, $"{warmupId}:{i}", Recipient(serviceUrl, 1_000_000 + i))).ToList(), "bench", default);
        await engine.RunAsync(untilIdle: true, default);
        await fakeClient.PostAsync("_fake/reset", null);

        var process = Process.GetCurrentProcess();
        // Enqueue (durable, deduplicated) — timed on its own; features do this in the background too.
        var messageId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var requests = Enumerable.Range(0, recipients).Select(i => new SendRequest(messageId, $"{messageId}:{i}", Recipient(serviceUrl, i))).ToList();
        var enqueueWatch = Stopwatch.StartNew();
        await host.Services.GetRequiredService<Outbox>().EnqueueAsync(messageId, new MessageContent("DX推進のお知らせ / adoption update"), requests, "bench", default);
        enqueueWatch.Stop();
        Console.Error.WriteLine($"enqueued {recipients} in {enqueueWatch.Elapsed.TotalSeconds:F1}s");

        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var run = engine.RunAsync(untilIdle: false, stop.Token);
        FakeStats stats;
        var lastProgress = (Count: -1, At: Stopwatch.StartNew());
        while (true)
        {
            await Task.Delay(250);
            stats = (await fakeClient.GetFromJsonAsync<FakeStats>("_fake/stats", FakeStats.JsonOptions))!;
            if (stats.DistinctConversations >= recipients)
            {
                break;
            }
            if (stats.DistinctConversations != lastProgress.Count)
            {
                lastProgress = (stats.DistinctConversations, Stopwatch.StartNew());
            }
            else if (lastProgress.At.Elapsed > TimeSpan.FromSeconds(60))
            {
                Console.Error.WriteLine("no progress for 60 s; stopping");
                break;
            }
            if (watch.Elapsed.TotalSeconds % 10 < 0.26)
            {
                Console.Error.WriteLine($"{watch.Elapsed.TotalSeconds:F0}s: {stats.DistinctConversations}/{recipients}");
            }
        }
        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
        }
        var seconds = watch.Elapsed.TotalSeconds;

        // Idle cost, measured after the run (code compiled), before the baseline compiles the SDK path: the engine polling an empty queue (reported so per-message figures can be read against it).
        var idleSeconds = args.Int("idle-seconds", 5);
        using (var idleStop = new CancellationTokenSource(TimeSpan.FromSeconds(idleSeconds)))
        {
            process.Refresh();
            var idleBefore = process.TotalProcessorTime;
            try
            {
                await engine.RunAsync(untilIdle: false, idleStop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            process.Refresh();
            idleCpuMsPerSecond = (process.TotalProcessorTime - idleBefore).TotalMilliseconds / idleSeconds;
        }
        process.Refresh();
        var baselineCpuBefore = process.TotalProcessorTime;
        var baseline = await BaselineAsync(host.Services, serviceUrl, baselineSample, fakeClient);
        process.Refresh();
        var baselineCpu = process.TotalProcessorTime - baselineCpuBefore;
        await host.StopAsync();

        var result = new Dictionary<string, object>
        {
            ["benchmark"] = "delivery",
            ["recipients"] = recipients,
            ["tenant_rps"] = tenantRps,
            ["latency_ms"] = latencyMs,
            ["seconds"] = Math.Round(seconds, 2),
            ["msgs_per_s"] = Math.Round(stats.Delivered / seconds, 2),
            ["ratio_to_cap"] = Math.Round(stats.Delivered / seconds / tenantRps, 3),
            ["baseline_msgs_per_s"] = Math.Round(baseline, 2),
            ["baseline_sample"] = baselineSample,
            ["baseline_cpu_ms_per_msg"] = Math.Round(baselineCpu.TotalMilliseconds / Math.Max(1, baselineSample), 3),
            ["lost"] = recipients - stats.DistinctConversations,
            ["duplicates"] = stats.Duplicates,
            ["throttled_429"] = stats.Throttled429,
            ["cpu_ms_per_msg"] = Math.Round(cpu.TotalMilliseconds / Math.Max(1, stats.Delivered), 3),
            ["peak_rss_mb"] = Math.Round(process.PeakWorkingSet64 / 1024.0 / 1024.0, 1),
            ["enqueue_seconds"] = Math.Round(enqueueWatch.Elapsed.TotalSeconds, 2),
            ["warmup_msgs"] = warmup,
            ["idle_cpu_ms_per_s"] = Math.Round(idleCpuMsPerSecond, 1),
        };
        Console.Out.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static TeamsDxBot.Delivery.Recipient Recipient(string serviceUrl, int i) => new(
        "bench-tenant", $"aad-{i}", $"aad-{i}",
        new ConversationAddress(serviceUrl, $"a:personal-29:{i}", "28:bot", "msteams"), $"29:{i}", serviceUrl);

    /// <summary>The loop from the Bot Framework proactive-message samples: one send after another.</summary>
    private static async Task<double> BaselineAsync(IServiceProvider services, string serviceUrl, int count, HttpClient fake)
    {
        await fake.PostAsync("_fake/reset", null);
        var adapter = services.GetRequiredService<DxBotAdapter>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var reference = new ConversationReference
            {
                ServiceUrl = serviceUrl,
                ChannelId = "msteams",
                Conversation = new ConversationAccount(id: $"a:personal-29:baseline-{i}", tenantId: "bench-tenant", conversationType: "personal"),
                Bot = new ChannelAccount("28:bot"),
                User = new ChannelAccount($"29:baseline-{i}"),
            };
            await adapter.ContinueConversationAsync("", reference, (turn, ct) => turn.SendActivityAsync(MessageFactory.Text("baseline"), ct), default);
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    private static IHost BuildHost(string storage, double tenantRps)
    {
        // No file watching: the working directory is the repository, and watching it (node_modules included)
        // costs more CPU than the engine.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = storage,
            ["Storage:TablePrefix"] = "b" + Guid.NewGuid().ToString("N")[..10],
            ["Delivery:RunEngine"] = "false",
            ["Delivery:TenantRequestsPerSecond"] = tenantRps.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        // Only the engine's part of the bot is registered here, so the chat handler (IBot) cannot be built,
        // and Development's check of every registration at build time would refuse to start; nothing here resolves it.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = false, ValidateScopes = true }));
        builder.AddTableStorage();
        builder.AddObservability();
        builder.AddCalendar();
        builder.AddBot();
        builder.AddDirectory();
        builder.AddDelivery();
        return builder.Build();
    }
}
