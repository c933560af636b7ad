using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace TeamsDxBot.Storage;

/// <summary>A table some feature owns; collected so they can all be created once at start-up.</summary>
public sealed record TableRegistration(string Name);

/// <summary>Hands each repository the client of its own table (with the configured prefix).</summary>
public sealed class Tables(TableServiceClient service, IOptions<StorageOptions> options, IEnumerable<TableRegistration> registrations)
{
    public TableServiceClient Service => service;

    public IReadOnlyList<string> RegisteredNames { get; } = registrations.Select(r => r.Name).Distinct().ToArray();

    public TableClient Get(string name) => service.GetTableClient(options.Value.TablePrefix + name);
}

/// <summary>Creates every registered table before the host starts taking traffic.</summary>
public sealed class TableInitializer(Tables tables, ILogger<TableInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var name in tables.RegisteredNames)
        {
            await tables.Get(name).CreateIfNotExistsAsync(cancellationToken);
        }
        logger.LogInformation("Storage ready with {TableCount} tables", tables.RegisteredNames.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
