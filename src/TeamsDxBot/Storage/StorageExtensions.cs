using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace TeamsDxBot.Storage;

public static class StorageExtensions
{
    public static IHostApplicationBuilder AddTableStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new TableServiceClient(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString, new TableClientOptions
        {
            // The delivery engine makes several storage calls per message; per-call SDK logging and
            // tracing cost more CPU than the calls themselves and nobody reads them.
            Diagnostics = { IsLoggingEnabled = false, IsDistributedTracingEnabled = false },
        }));
        builder.Services.AddSingleton<Tables>();
        builder.Services.AddHostedService<TableInitializer>();
        builder.Services.TryAddSingletonTimeProvider();
        return builder;
    }

    public static IServiceCollection AddTable(this IServiceCollection services, string name)
    {
        services.AddSingleton(new TableRegistration(name));
        return services;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    public static bool IsPreconditionFailed(this RequestFailedException e) => e.Status == 412;

    public static bool IsConflict(this RequestFailedException e) => e.Status == 409;

    public static bool IsNotFound(this RequestFailedException e) => e.Status == 404;

    /// <summary>Reads every entity of a partition; callers use it for the small per-tenant tables.</summary>
    public static async Task<List<T>> ReadPartitionAsync<T>(this TableClient table, string partitionKey, CancellationToken ct)
        where T : class, ITableEntity, new()
    {
        var result = new List<T>();
        await foreach (var entity in table.QueryAsync<T>(e => e.PartitionKey == partitionKey, cancellationToken: ct))
        {
            result.Add(entity);
        }
        return result;
    }

    public static async Task<T?> FindAsync<T>(this TableClient table, string partitionKey, string rowKey, CancellationToken ct)
        where T : class, ITableEntity, new()
    {
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: ct);
        return response.HasValue ? response.Value : null;
    }
}
