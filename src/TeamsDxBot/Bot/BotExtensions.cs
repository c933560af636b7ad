using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;
using TeamsDxBot.Connector;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Bot;

public static class BotExtensions
{
    public static IHostApplicationBuilder AddBot(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BotCredentials>().Bind(builder.Configuration).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BotCredentials>, BotCredentialsValidator>();
        builder.Services.AddOptions<BotOptions>().Bind(builder.Configuration.GetSection(BotOptions.Section));
        builder.Services.AddTable(TenantAllowList.TableName);
        builder.Services.AddSingleton<TenantAllowList>();
        builder.Services.AddSingleton<TenantGate>();
        builder.Services.AddHttpClient();
        // One Bot Connector request per message sent: the per-request log scopes of IHttpClientFactory
        // are measurable at Teams' rates and add nothing the bot's own logs don't say.
        builder.Services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        builder.Services.AddSingleton<ConfigurationBotFrameworkAuthentication>();
        builder.Services.AddSingleton<BotFrameworkAuthentication>(sp =>
            new ChannelAuthentication(new LazyUserTokenAuthentication(sp.GetRequiredService<ConfigurationBotFrameworkAuthentication>())));
        builder.Services.AddSingleton<DxBotAdapter>();
        builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<DxBotAdapter>());
        builder.Services.AddSingleton<CloudAdapter>(sp => sp.GetRequiredService<DxBotAdapter>());
        builder.Services.AddSingleton<ServiceUrlPolicy>();
        builder.Services.AddSingleton<CommandRouter>();
        builder.Services.AddSingleton<CardActionRouter>();
        builder.Services.AddSingleton<IChatCommand, HelpCommand>();
        builder.Services.AddTransient<IBot, DxBot>();
        return builder;
    }

    public static IEndpointRouteBuilder MapBot(this IEndpointRouteBuilder app)
    {
        // Built now rather than at the first press, so two handlers naming one verb stop the start, not a turn.
        app.ServiceProvider.GetRequiredService<CardActionRouter>();
        app.MapPost("/api/messages", ProcessAsync).AddEndpointFilter<ActivityShapeFilter>();
        return app;
    }

    private static async Task ProcessAsync(HttpContext context, IBotFrameworkHttpAdapter adapter, IBot bot, ILogger<DxBotAdapter> logger)
    {
        try
        {
            await adapter.ProcessAsync(context.Request, context.Response, bot, context.RequestAborted);
        }
        catch (ChannelAuthenticationException e)
        {
            // No detail in the answer, and nothing from the token in the log: a caller learns only "no".
            logger.LogWarning("Refused an activity from {RemoteAddress}: authentication failed ({FailureKind})",
                context.Connection.RemoteIpAddress, e.Kind);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            }
        }
    }
}
