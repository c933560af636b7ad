using Microsoft.Extensions.Options;

namespace TeamsDxBot.Security;

public static class SecurityExtensions
{
    public static IHostApplicationBuilder AddSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SecurityOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                // A key under Security: wins; the former Files:SigningKey keeps older deployments working.
                options.SigningKey = new[] { configuration[SecurityOptions.Section + ":" + nameof(SecurityOptions.SigningKey)], configuration[SecurityOptions.FormerKey] }
                    .FirstOrDefault(k => !string.IsNullOrWhiteSpace(k));
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        return builder;
    }
}
