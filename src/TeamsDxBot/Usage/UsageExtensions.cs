using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsDxBot.Metrics;
using TeamsDxBot.Nudges;
using TeamsDxBot.Reports;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>
/// Measured per-person usage: imports (chat card and <c>POST /api/usage</c>), each person's own view, the measured
/// part of the reports, the key users' follow-up list and the measured nudge rule.
/// </summary>
public static class UsageExtensions
{
    public static IHostApplicationBuilder AddUsage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<UsageOptions>().Bind(builder.Configuration.GetSection(UsageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<UsageReportOptions>().Bind(builder.Configuration.GetSection(UsageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTable(UsageWeekRepository.TableName);
        services.AddSingleton<UsageWeekRepository>();
        services.AddSingleton<UsageDirectory>();
        services.AddSingleton<UsageImportService>();
        services.AddSingleton<Demo.IDemoData, UsageDemoSeed>();
        services.AddSingleton<UsageFigures>();
        services.AddSingleton<IUsageFigures>(sp => sp.GetRequiredService<UsageFigures>());
        services.AddSingleton<MyUsage>();
        services.AddSingleton<UsageReports>();
        services.AddSingleton<MyUsageDepartments>();
        services.AddSingleton<IReportSection, UsageSection>();
        services.AddSingleton<ICardVerbs, UsageReportActions>();
        services.AddSingleton<UsageApi>();
        services.AddSingleton<IChatCommand, ImportUsageCommand>();
        services.AddSingleton<IChatCommand, MyUsageCommand>();
        services.AddSingleton<ICardAction, ImportUsageAction>();
        builder.AddSignIns();
        services.AddOptions<FollowUpOptions>().Bind(builder.Configuration.GetSection(FollowUpOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.CheckInterval > TimeSpan.Zero && IsCron(o.WeeklyCron), "Usage:FollowUp needs a positive CheckInterval and a valid WeeklyCron.")
            .ValidateOnStart();
        services.AddOptions<MeasuredNudgeOptions>().Bind(builder.Configuration.GetSection(MeasuredNudgeOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTable(FollowUpMarkRepository.TableName);
        services.AddSingleton<FollowUpMarkRepository>();
        // The weekly list's done-marks share the pulse's table (JobMarks, registered there).
        services.TryAddSingleton<JobMarks>();
        services.AddSingleton<FollowUpList>();
        services.AddSingleton<FollowUpViews>();
        services.AddSingleton<FollowUpPush>();
        services.AddHostedService<FollowUpWorker>();
        services.AddSingleton<IChatCommand, FollowUpCommand>();
        services.AddSingleton<ICardVerbs, FollowUpActions>();
        services.AddSingleton<INudgeRule, MeasuredNudgeRule>();
        return builder;
    }

    private static bool IsCron(string cron)
    {
        try
        {
            Cronos.CronExpression.Parse(cron);
            return true;
        }
        catch (Cronos.CronFormatException)
        {
            return false;
        }
    }

    /// <summary>After <c>MapMetrics</c>, which turns the rate limiter on; posts share the metrics API's per-caller limit.</summary>
    public static WebApplication MapUsage(this WebApplication app)
    {
        app.MapPost(UsageApi.Path, (HttpContext context, UsageApi api) => api.HandleAsync(context))
            .RequireRateLimiting(MetricsApi.RateLimitPolicy);
        return app;
    }
}
