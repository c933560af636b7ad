using Microsoft.Extensions.Options;
using TeamsDxBot.Storage;

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
        return builder;
    }
}
