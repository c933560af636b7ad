using TeamsDxBot.FakeConnector;

namespace TeamsDxBot.Benchmarks;

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
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
