using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TeamsDxBot.Tests.Infrastructure;

/// <summary>
/// An Azurite table service started from the repository's own node_modules, on a free loopback port,
/// in memory. Stopping it (Dispose) kills the process.
/// </summary>
public sealed class LocalAzurite : IDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;

    private LocalAzurite(Process process, int port)
    {
        this.process = process;
        Port = port;
        ConnectionString = ConnectionStringFor(port);
    }

    public string ConnectionString { get; }

    public int Port { get; }

    /// <summary>The connection string for the same account reached through another loopback port (a proxy in front of it).</summary>
    public static string ConnectionStringFor(int port) => "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    public bool HasExited => process.HasExited;

    public static async Task<LocalAzurite> StartAsync()
    {
        var main = Path.Combine(RepoPaths.Root, "node_modules", "azurite", "dist", "src", "table", "main.js");
        if (!File.Exists(main))
        {
            throw new InvalidOperationException(
                $"The tests need Azurite, which comes with the repository's npm packages: run `npm ci` in {RepoPaths.Root} (Node.js 20 or later).");
        }
        var port = FreePort();
        Process? started;
        try
        {
            started = Process.Start(new ProcessStartInfo("node",
                [main, "--inMemoryPersistence", "--disableTelemetry", "--silent", "--skipApiVersionCheck", "--tableHost", "127.0.0.1", "--tablePort", port.ToString(CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
            });
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("The tests need Node.js 20 or later on PATH to start Azurite (the table storage emulator): install Node.js, then run `npm ci` in the repository.", e);
        }
        var azurite = new LocalAzurite(started ?? throw new InvalidOperationException("node did not start"), port);
        while (await started.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.Contains("successfully started", StringComparison.Ordinal))
            {
                // Keep its output drained so a full pipe can never stall it.
                _ = started.StandardOutput.ReadToEndAsync();
                return azurite;
            }
        }
        azurite.Dispose();
        throw new InvalidOperationException($"Azurite exited before it listened on 127.0.0.1:{port}.");
    }

    public void Stop()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Stop();
        process.Dispose();
    }

    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
