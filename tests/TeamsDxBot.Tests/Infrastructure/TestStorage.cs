using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Tests.Infrastructure;

/// <summary>
/// Integration tests run against Azurite: the one named by TEAMSDXBOT_TEST_STORAGE, else the one
/// listening on the emulator's usual port (scripts/test.sh starts it), else one started here for this
/// test run (a plain `dotnet test`). Each test gets its own table prefix, so tests never see each
/// other's rows and need no cleanup between them.
/// </summary>
public static class TestStorage
{
    private const int EmulatorTablePort = 10002;

    private static readonly Lazy<string> Resolved = new(Resolve);

    public static string ConnectionString => Resolved.Value;

    private static string Resolve()
    {
        if (Environment.GetEnvironmentVariable("TEAMSDXBOT_TEST_STORAGE") is { Length: > 0 } configured)
        {
            return configured;
        }
        if (LocalAzurite.IsListening(EmulatorTablePort))
        {
            return "UseDevelopmentStorage=true";
        }
        var own = LocalAzurite.StartAsync().GetAwaiter().GetResult();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => own.Dispose();
        return own.ConnectionString;
    }

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Creates the given tables under a fresh prefix, as the host does at start-up.</summary>
    public static async Task<Tables> CreateAsync(params string[] tableNames)
    {
        var options = Options.Create(new StorageOptions { ConnectionString = ConnectionString, TablePrefix = NewPrefix() });
        var tables = new Tables(new TableServiceClient(ConnectionString), options, tableNames.Select(n => new TableRegistration(n)));
        await new TableInitializer(tables, NullLogger<TableInitializer>.Instance).StartAsync(CancellationToken.None);
        return tables;
    }
}
