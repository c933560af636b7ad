using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Metrics;

public static class MetricsExtensions
{
    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().Bind(builder.Configuration.GetSection(MetricsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(MetricsApi.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = context.RequestServices.GetRequiredService<IOptions<MetricsOptions>>().Value.PostsPerMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                }));
            limiter.OnRejected = (rejected, ct) => new ValueTask(MetricsApi.TooManyAsync(rejected, ct));
        });
        services.AddTable(ToolMetricsRepository.TableName).AddTable(ApiKeyRepository.TableName);
        services.AddSingleton<ToolMetricsRepository>();
        services.AddSingleton<Reports.IMeasuredFigures, MeasuredFiguresSource>();
        services.AddSingleton<ToolMetricsService>();
        services.AddSingleton<ApiKeyRepository>();
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<MetricsOverview>();
        services.AddSingleton<MetricsApi>();
        services.AddSingleton<IChatCommand, MetricsCommand>();
        services.AddSingleton<ICardAction, SaveMetricsAction>();
        services.AddSingleton<ICardAction, HideApiKeyAction>();
        services.AddSingleton<ICardVerbs, ApiKeyActions>();
        return builder;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.UseRateLimiter();
        app.MapPost(MetricsApi.Path, (HttpContext context, MetricsApi api) => api.HandleAsync(context))
            .RequireRateLimiting(MetricsApi.RateLimitPolicy);
        return app;
    }
}
