using Microsoft.Extensions.Diagnostics.HealthChecks;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Health;

/// <summary>/healthz answers while the process runs; /readyz only while storage answers too.</summary>
public static class HealthExtensions
{
    private const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains(ReadyTag) });
        return app;
    }

    private sealed class StorageHealthCheck(Tables tables) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                foreach (var name in tables.RegisteredNames)
                {
                    // One page of one row proves the table exists and answers.
                    await foreach (var _ in tables.Get(name).QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
                    {
                        break;
                    }
                }
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException)
            {
                return HealthCheckResult.Unhealthy("Table storage is not reachable.", e);
            }
        }
    }
}
