namespace TeamsDxBot.Anonymity;

public static class AnonymityExtensions
{
    public static IHostApplicationBuilder AddAnonymity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnonymityOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration.GetValue<int?>(AnonymityOptions.FormerKey) is { } former)
                {
                    options.Threshold = former;
                }
                configuration.GetSection(AnonymityOptions.Section).Bind(options);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
