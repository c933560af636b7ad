using System.Globalization;
using TeamsDxBot.Benchmarks;

// Usage: TeamsDxBot.Benchmarks <benchmark> [--option value ...]
// Each benchmark prints exactly one JSON line of results on stdout (progress goes to stderr).
var options = Args.Parse(args.Skip(1));
return args.FirstOrDefault() switch
{
    "delivery" => await DeliveryBenchmark.RunAsync(options),
    "intake" => await IntakeBenchmark.RunAsync(options),
    "report" => await ReportBenchmark.RunAsync(options),
    "monday" => await MondayBenchmark.RunAsync(options),
    "usage" => await UsageBenchmark.RunAsync(options),
    "monday-bot" => await MondayBenchmark.BotAsync(),
    "fake-connector" => await FakeConnectorProcess.RunAsync(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: TeamsDxBot.Benchmarks delivery [--recipients 10000] [--tenant-rps 50] [--latency-ms 100] [--baseline 300]
               TeamsDxBot.Benchmarks intake [--answers 5000] [--concurrency 64] [--warmup 200] [--latency-ms 0] [--last-seen-hours 168]
               TeamsDxBot.Benchmarks report [--people 10000] [--runs 52] [--departments 20] [--samples 21] [--open-share 0.6]
               TeamsDxBot.Benchmarks monday [--people 10000] [--instances 1] [--latency-ms 100] [--answer-window-s 300] [--tenant-rps 50]
               TeamsDxBot.Benchmarks usage [--people 10000] [--import-weeks 13] [--report-weeks 52] [--departments 20] [--concurrency 1] [--samples 21]
        """);
    return 2;
}

namespace TeamsDxBot.Benchmarks
{
    public sealed class Args(Dictionary<string, string> values)
    {
        public static Args Parse(IEnumerable<string> args)
        {
            var list = args.ToList();
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < list.Count; i++)
            {
                if (!list[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= list.Count)
                {
                    throw new ArgumentException($"Expected '--name value', got '{list[i]}'.");
                }
                values[list[i][2..]] = list[++i];
            }
            return new Args(values);
        }

        public int Int(string name, int fallback) =>
            values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        public double Double(string name, double fallback) =>
            values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

        public string String(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;
    }
}
