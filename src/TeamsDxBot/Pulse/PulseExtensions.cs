using TeamsDxBot.Directory;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

public static class PulseExtensions
{
    public static IHostApplicationBuilder AddPulse(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PulseOptions>().Bind(builder.Configuration.GetSection(PulseOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => IsCron(o.MonthlyReportCron), "Pulse:MonthlyReportCron is not a valid cron expression.")
            .Validate(o => o.CheckInterval > TimeSpan.Zero && o.SummaryGrace >= TimeSpan.Zero, "Pulse intervals must be positive.")
            .ValidateOnStart();
        foreach (var table in new[] { PulseSettingsRepository.TableName, PulseRunRepository.TableName, PulseInvitationRepository.TableName, PulseResponseRepository.TableName, PulseSlotRepository.TableName, JobMarks.TableName })
        {
            builder.Services.AddTable(table);
        }
        builder.Services.AddSingleton<PulseSettingsRepository>();
        builder.Services.AddSingleton<PulseRunRepository>();
        builder.Services.AddSingleton<PulseInvitationRepository>();
        builder.Services.AddSingleton<PulseResponseRepository>();
        builder.Services.AddSingleton<PulseSlotRepository>();
        builder.Services.AddSingleton<JobMarks>();
        builder.Services.AddSingleton<PulseKeys>();
        builder.Services.AddSingleton<PersonZones>();
        builder.Services.AddSingleton<PulseScheduler>();
        builder.Services.AddSingleton<PulseAdmin>();
        builder.Services.AddSingleton<PulseOverviews>();
        builder.Services.AddSingleton<PulseAnswers>();
        builder.Services.AddSingleton<PulseOpenSurveys>();
        builder.Services.AddSingleton<TeamsDxBot.Directory.ISignedCardSender, PulseCardSender>();
        builder.Services.AddSingleton<PulseAnswerWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PulseAnswerWriter>());
        builder.Services.AddSingleton<PulseWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PulseWorker>());
        builder.Services.AddSingleton<IChatCommand, PulseCommand>();
        builder.Services.AddSingleton<ICardVerbs, PulseAnswerActions>();
        builder.Services.AddSingleton<ICardVerbs, PulsePauseActions>();
        builder.Services.AddSingleton<ICardVerbs, PulseAdminActions>();
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
}
