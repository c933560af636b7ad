using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

public static class NudgesExtensions
{
    public static IHostApplicationBuilder AddNudges(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NudgeOptions>().Bind(builder.Configuration.GetSection(NudgeOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.CheckInterval > TimeSpan.Zero && o.ExecutiveSilence > TimeSpan.Zero, "Nudges intervals must be positive.")
            .ValidateOnStart();
        builder.Services.AddTable(NudgeLog.TableName).AddTable(NudgeCaps.TableName).AddTable(NudgeSwitches.TableName);
        builder.Services.AddSingleton<NudgeLog>();
        builder.Services.AddSingleton<NudgeCaps>();
        builder.Services.AddSingleton<NudgeSwitches>();
        builder.Services.AddSingleton<NudgeFigures>();
        builder.Services.AddSingleton<INudgeRule, ExecutiveRhythmRule>();
        builder.Services.AddSingleton<INudgeRule, ExecutiveSilenceRule>();
        builder.Services.AddSingleton<INudgeRule, DepartmentAtRiskRule>();
        builder.Services.AddSingleton<INudgeRule, NotUsingRule>();
        builder.Services.AddSingleton<INudgeRule, OverdueQuestionsRule>();
        builder.Services.AddSingleton<INudgeRule, UnansweredEscalationsRule>();
        builder.Services.AddSingleton<NudgeEngine>();
        builder.Services.AddHostedService<NudgeWorker>();
        builder.Services.AddSingleton<IChatCommand, NudgesCommand>();
        builder.Services.AddSingleton<ICardAction, NudgeToggleAction>();
        builder.Services.AddSingleton<ICardAction, NudgeSkipAction>();
        return builder;
    }
}
