using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TeamsDxBot.Observability;

public static class ObservabilityExtensions
{
    /// <summary>
    /// Traces, metrics and logs through OpenTelemetry: to an OTLP collector when
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set, to Azure Monitor when APPLICATIONINSIGHTS_CONNECTION_STRING is
    /// set, and nowhere (no SDK at all) when neither is.
    /// </summary>
    public static IHostApplicationBuilder AddObservability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<Telemetry>();
        builder.Services.AddSingleton<TurnTelemetry>();

        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var azureMonitor = !string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        if (!otlp && !azureMonitor)
        {
            return builder;
        }
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(Telemetry.Name))
            .WithTracing(tracing => tracing.AddBotSources())
            .WithMetrics(metrics => metrics.AddBotMeters());
        if (azureMonitor)
        {
            telemetry.UseAzureMonitor();
        }
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddOtlpExporter())
                .WithMetrics(metrics => metrics.AddOtlpExporter())
                .WithLogging(logging => logging.AddOtlpExporter());
        }
        return builder;
    }

    /// <summary>The bot's spans, and those of ASP.NET Core and outgoing HTTP (probes left out).</summary>
    public static TracerProviderBuilder AddBotSources(this TracerProviderBuilder tracing) =>
        tracing.AddSource(Telemetry.Name)
            .AddAspNetCoreInstrumentation(options => options.Filter = context => context.Request.Path != "/healthz" && context.Request.Path != "/readyz")
            .AddHttpClientInstrumentation();

    public static MeterProviderBuilder AddBotMeters(this MeterProviderBuilder metrics) =>
        metrics.AddMeter(Telemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
}
