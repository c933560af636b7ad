namespace TeamsDxBot.Demo;

public static class DemoExtensions
{
    public static IHostApplicationBuilder AddDemoData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section));
        builder.Services.AddHostedService<DemoSeeder>();
        return builder;
    }
}
