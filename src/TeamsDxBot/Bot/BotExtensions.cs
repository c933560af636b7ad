using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;

namespace TeamsDxBot.Bot;

public static class BotExtensions
{
    public static IHostApplicationBuilder AddBot(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BotCredentials>().Bind(builder.Configuration).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BotCredentials>, BotCredentialsValidator>();
        builder.Services.AddOptions<BotOptions>().Bind(builder.Configuration.GetSection(BotOptions.Section));
        builder.Services.AddHttpClient();
        // One Bot Connector request per message sent: the per-request log scopes of IHttpClientFactory
        // are measurable at Teams' rates and add nothing the bot's own logs don't say.
        builder.Services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        builder.Services.AddSingleton<ConfigurationBotFrameworkAuthentication>();
        builder.Services.AddSingleton<BotFrameworkAuthentication>(sp => new LazyUserTokenAuthentication(sp.GetRequiredService<ConfigurationBotFrameworkAuthentication>()));
        builder.Services.AddSingleton<DxBotAdapter>();
        builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<DxBotAdapter>());
        builder.Services.AddSingleton<ServiceUrlPolicy>();
        builder.Services.AddSingleton<CommandRouter>();
        builder.Services.AddSingleton<CardActionRouter>();
        builder.Services.AddSingleton<IChatCommand, HelpCommand>();
        builder.Services.AddTransient<IBot, DxBot>();
        return builder;
    }

    public static IEndpointRouteBuilder MapBot(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken ct) =>
            adapter.ProcessAsync(request, response, bot, ct))
            .AddEndpointFilter<ActivityShapeFilter>();
        return app;
    }
}
