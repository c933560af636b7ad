using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Questions;

public static class QuestionsExtensions
{
    public static IHostApplicationBuilder AddQuestions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<QuestionOptions>().Bind(builder.Configuration.GetSection(QuestionOptions.Section))
            .Validate(o => o.Due > TimeSpan.Zero && o.UrgentDue > TimeSpan.Zero, "Questions: due times must be positive.")
            .ValidateOnStart();
        builder.Services.AddHostedService<QuestionDeadlines>();
        builder.Services.AddTable(QuestionRepository.TableName);
        builder.Services.AddSingleton<QuestionRepository>();
        builder.Services.AddSingleton<QuestionService>();
        builder.Services.AddSingleton<QuestionHours>();
        builder.Services.AddSingleton<QuestionRouting>();
        builder.Services.AddSingleton<QuestionNotifications>();
        builder.Services.AddSingleton<QuestionHandling>();
        builder.Services.AddSingleton<QuestionDeadlineCheck>();
        builder.Services.AddSingleton<QuestionFaq>();
        builder.Services.AddSingleton<QuestionDraft>();
        builder.Services.AddSingleton<QuestionViews>();
        builder.Services.AddSingleton<IFreeTextHandler>(sp => sp.GetRequiredService<QuestionDraft>());
        builder.Services.AddSingleton<IChatCommand, AskCommand>();
        builder.Services.AddSingleton<IChatCommand, QuestionsCommand>();
        builder.Services.AddSingleton<IChatCommand, FaqCommand>();
        builder.Services.AddTable(FaqRepository.TableName);
        builder.Services.AddSingleton<FaqRepository>();
        builder.Services.AddSingleton<ICardVerbs, FaqActions>();
        builder.Services.AddSingleton<ICardVerbs, QuestionActions>();
        return builder;
    }
}
