using System.Diagnostics;
using System.Net.Http.Headers;

namespace TeamsDxBot.Benchmarks;

/// <summary>What one load run measured: per request latency and whether the bot answered 2xx (with the expected body).</summary>
public sealed record LoadResult(double Seconds, double[] LatenciesMs, bool[] Ok)
{
    public int Count => Ok.Length;

    public int Failed => Ok.Count(ok => !ok);

    public double PerSecond => Count / Seconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return 0;
        }
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>C clients posting prepared activities to /api/messages as fast as the bot answers them.</summary>
public static class Load
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public static HttpClient Client(Uri address, int concurrency) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = concurrency,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <param name="mustContain">When set, an answer counts as good only if its body contains this (the card the person sees).</param>
    public static async Task<LoadResult> RunAsync(HttpClient client, IReadOnlyList<byte[]> payloads, int concurrency, string label, string? mustContain = null)
    {
        var latencies = new double[payloads.Count];
        var ok = new bool[payloads.Count];
        var next = -1;
        var errors = 0;
        var watch = Stopwatch.StartNew();
        using var progress = new Timer(_ => Console.Error.WriteLine($"{label}: {Math.Min(Volatile.Read(ref next) + 1, payloads.Count)}/{payloads.Count} after {watch.Elapsed.TotalSeconds:F0}s"),
            null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < payloads.Count)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(payloads[i]);
                    content.Headers.ContentType = Json;
                    using var response = await client.PostAsync("api/messages", content);
                    ok[i] = response.IsSuccessStatusCode
                        && (mustContain is null || (await response.Content.ReadAsStringAsync()).Contains(mustContain, StringComparison.Ordinal));
                    if (!ok[i] && Interlocked.Increment(ref errors) <= 5)
                    {
                        Console.Error.WriteLine($"{label}: HTTP {(int)response.StatusCode} without the expected answer: {await response.Content.ReadAsStringAsync()}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    if (Interlocked.Increment(ref errors) <= 5)
                    {
                        Console.Error.WriteLine($"{label}: {e.GetType().Name}: {e.Message}");
                    }
                }
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        return new LoadResult(watch.Elapsed.TotalSeconds, latencies, ok);
    }
}

/// <summary>The machine's 1-minute load average (/proc/loadavg), or -1 where there is none.</summary>
public static class LoadAverage
{
    public static double Read()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
