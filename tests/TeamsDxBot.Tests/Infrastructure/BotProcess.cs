using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TeamsDxBot.Tests.Infrastructure;

/// <summary>
/// The built bot (TeamsDxBot.dll beside the tests) run as its own process, as an operator runs it, with
/// settings given as environment variables. Everything it writes to stdout and stderr is kept.
/// </summary>
public sealed partial class BotProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];
    private readonly TaskCompletionSource<Uri?> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BotProcess(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "TeamsDxBot.dll")])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Only what the test gives: no settings leak in from the test runner's own environment.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        start.Environment["Urls"] = "http://127.0.0.1:0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.Exited += (_, _) => listening.TrySetResult(null);
    }

    public IReadOnlyList<string> Output
    {
        get
        {
            lock (output)
            {
                return output.ToList();
            }
        }
    }

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>Starts the bot and waits until it listens (its address) or exits (null).</summary>
    public static async Task<(BotProcess Process, Uri? Address)> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var bot = new BotProcess(environment);
        bot.process.Start();
        bot.process.BeginOutputReadLine();
        bot.process.BeginErrorReadLine();
        var address = await bot.listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (address is null)
        {
            await bot.process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        return (bot, address);
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.Add(line);
        }
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
