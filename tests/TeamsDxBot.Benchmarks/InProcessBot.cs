using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TeamsDxBot.Benchmarks;

/// <summary>
/// The bot's own Program (its Main, unchanged: every feature, middleware and background service) on a
/// loopback port inside this process. The host is caught as it is built, through the hosting
/// DiagnosticListener event the ASP.NET Core test server relies on too, so the benchmark gets its
/// services for setup and checks while Main runs it exactly as in production.
/// </summary>
public sealed class InProcessBot : IAsyncDisposable
{
    private readonly IHost host;
    // Set when the bot's Main thread ends. Waiting for that with Thread.Join on a pool thread would hold one
    // of the pool's few threads for the whole run, and the bot would answer late while the pool makes up for it.
    private readonly Task exited;

    private InProcessBot(IHost host, Task exited, Uri address)
    {
        this.host = host;
        this.exited = exited;
        Address = address;
    }

    public IServiceProvider Services => host.Services;

    /// <summary>http://127.0.0.1:port/ — Kestrel picked a free port.</summary>
    public Uri Address { get; }

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    /// <param name="settings">Configuration overrides ("Section:Key" = value), given as command-line arguments.</param>
    public static async Task<InProcessBot> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        // Not typeof(Program): this project's own top-level Program would shadow the bot's.
        var bot = typeof(TeamsDxBot.Bot.DxBot).Assembly;
        var entry = bot.EntryPoint ?? throw new InvalidOperationException("TeamsDxBot has no entry point.");
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--environment=Development",
            // Without it the application is named after this process's entry assembly.
            "--applicationName=" + bot.GetName().Name,
            "--contentRoot=" + AppContext.BaseDirectory,
            // The working directory is the repository; watching files there costs CPU the bot would not spend.
            "--hostBuilder:reloadConfigOnChange=false",
            // stdout carries the benchmark's one JSON line.
            "--Logging:Console:LogToStandardErrorThreshold=Trace",
        };
        args.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));

        var built = new TaskCompletionSource<IHost>(TaskCreationOptions.RunContinuationsAsynchronously);
        var catcher = new HostCatcher(built);
        using (DiagnosticListener.AllListeners.Subscribe(catcher))
        {
            var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    entry.Invoke(null, [args.ToArray()]);
                    built.TrySetException(new InvalidOperationException("The bot's Main returned before its host was built."));
                }
                catch (TargetInvocationException e)
                {
                    var inner = e.InnerException ?? e;
                    if (!built.TrySetException(inner))
                    {
                        Console.Error.WriteLine($"bot host stopped with an error: {inner}");
                    }
                }
                finally
                {
                    exited.TrySetResult();
                }
            })
            {
                IsBackground = true,
                Name = "TeamsDxBot Main",
            };
            thread.Start();
            var host = await built.Task.WaitAsync(TimeSpan.FromSeconds(60));
            catcher.Dispose();

            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var registration = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(() => started.TrySetResult());
            await Task.WhenAny(started.Task, exited.Task).WaitAsync(TimeSpan.FromSeconds(120));
            if (!started.Task.IsCompleted)
            {
                throw new InvalidOperationException("The bot host stopped while starting (see stderr).");
            }
            var address = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new InProcessBot(host, exited.Task, new Uri(address.TrimEnd('/') + "/"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Main's own Run() then stops the host as on SIGTERM: background writers drain, services dispose.
        host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        await exited.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Takes the first host built after subscribing; later hosts (the floor app) are left alone.</summary>
    private sealed class HostCatcher(TaskCompletionSource<IHost> built) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> subscriptions = [];
        private readonly Lock gate = new();

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.Extensions.Hosting")
            {
                lock (gate)
                {
                    subscriptions.Add(listener.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "HostBuilt" && value.Value is IHost host)
            {
                built.TrySetResult(host);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (gate)
            {
                subscriptions.ForEach(s => s.Dispose());
                subscriptions.Clear();
            }
        }
    }
}
