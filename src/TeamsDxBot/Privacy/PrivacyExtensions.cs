using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Privacy;

public static class PrivacyExtensions
{
    public static IHostApplicationBuilder AddPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>().Bind(builder.Configuration.GetSection(PrivacyOptions.Section))
            .Validate(o => PrivacyOptions.Problem(o) is null, "Privacy:AnswerRetention must be at least one day and the privacy intervals positive.")
            .ValidateOnStart();
        builder.Services.AddTable(JobMarks.TableName);
        builder.Services.AddSingleton<AnswerRetention>();
        builder.Services.AddHostedService<AnswerRetentionJob>();
        builder.Services.AddSingleton<PersonData>();
        builder.Services.AddSingleton<IChatCommand, PersonDataCommand>();
        builder.Services.AddSingleton<ICardVerbs, PersonDataActions>();
        return builder;
    }
}
