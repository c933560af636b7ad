using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Tests.Infrastructure;

/// <summary>
/// Integration tests run against Azurite (started by scripts/test.sh). Each test gets its own table
/// prefix, so tests never see each other's rows and need no cleanup between them.
/// </summary>
public static class TestStorage
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("TEAMSDXBOT_TEST_STORAGE") is { Length: > 0 } s ? s : "UseDevelopmentStorage=true";

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
