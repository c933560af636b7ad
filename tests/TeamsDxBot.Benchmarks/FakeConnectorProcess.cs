using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TeamsDxBot.FakeConnector;

namespace TeamsDxBot.Benchmarks;

/// <summary>The fake's counters as GET /_fake/stats returns them.</summary>
public sealed record FakeStats(int TotalRequests, int Delivered, int DistinctConversations, int Duplicates, int Throttled429)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>
/// The fake Bot Connector in its own process, so the benchmark's CPU figures are the bot's alone.
/// Prints "ready" on stdout once listening; stops when stdin closes.
/// </summary>
public static class FakeConnectorProcess
{
    public static async Task<int> RunAsync(Args args)
    {
        await using var fake = await FakeConnectorServer.StartAsync(new FakeConnectorOptions
        {
            EnforceTeamsLimits = true,
            TenantRequestsPerSecond = args.Double("tenant-rps", 50),
            Latency = TimeSpan.FromMilliseconds(args.Int("latency-ms", 100)),
            RecordBodies = false,
        }, args.Int("port", 0));
        Console.Out.WriteLine("ready " + fake.ServiceUrl);
        await Console.Out.FlushAsync();
        await StdinLines.Start().Closed;
        return 0;
    }

    /// <summary>Starts this program again as the fake (Teams' per-conversation limits on; a tenant rate of 0 or less: none).</summary>
    public static Process Start(double tenantRps, int latencyMs, out string serviceUrl)
    {
        var self = Environment.ProcessPath!;
        var dll = typeof(FakeConnectorProcess).Assembly.Location;
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(dll);
        }
        foreach (var a in new[] { "fake-connector", "--tenant-rps", tenantRps.ToString(CultureInfo.InvariantCulture), "--latency-ms", latencyMs.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("fake connector did not start");
        serviceUrl = line["ready ".Length..];
        return process;
    }
}
