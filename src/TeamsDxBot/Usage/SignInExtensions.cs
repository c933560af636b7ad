using Microsoft.Extensions.Options;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Usage;

/// <summary>The optional Entra sign-ins reading (section <see cref="SignInOptions.Section"/>), part of <see cref="UsageExtensions.AddUsage"/>.</summary>
public static class SignInExtensions
{
    public static IHostApplicationBuilder AddSignIns(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SignInOptions>().Bind(builder.Configuration.GetSection(SignInOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SignInOptions>, SignInOptionsValidator>();
        services.AddTable(SignInDayRepository.TableName);
        services.AddTable(SignInReadRepository.TableName);
        services.AddSingleton<SignInDayRepository>();
        services.AddSingleton<SignInReadRepository>();
        // Built only when a read happens, so a host with reading off never creates a credential.
        services.AddSingleton(sp => SignInCredential.From(sp.GetRequiredService<IOptions<SignInOptions>>().Value));
        services.AddSingleton<SignInGraph>();
        services.AddSingleton<SignInReading>();
        services.AddSingleton<SignInJob>();
        services.AddHostedService(sp => sp.GetRequiredService<SignInJob>());
        services.AddSingleton<IInitiativeStatus, SignInStatus>();
        return builder;
    }
}
