using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TeamsDxBot.Benchmarks;

/// <summary>
/// The least a Bot Framework bot can do with an activity: ASP.NET Core, CloudAdapter (anonymous, as the
/// bot runs locally) and an ActivityHandler that does nothing. What the bot reaches against this is
/// the share of the machine its own work leaves; the rest is HTTP, JSON and the SDK.
/// </summary>
public sealed class FloorBot : IAsyncDisposable
{
    private readonly WebApplication app;

    private FloorBot(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<FloorBot> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--urls=http://127.0.0.1:0", "--hostBuilder:reloadConfigOnChange=false", "--MicrosoftAppId=",
                "--Logging:LogLevel:Default=Warning", "--Logging:Console:LogToStandardErrorThreshold=Trace"],
        });
        // Same HTTP client setup as the bot, so the adapter is built the same way.
        builder.Services.AddHttpClient();
        builder.Services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        builder.Services.AddSingleton<BotFrameworkAuthentication, ConfigurationBotFrameworkAuthentication>();
        builder.Services.AddSingleton(sp => new CloudAdapter(sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<CloudAdapter>>()));
        builder.Services.AddSingleton<IBot, NothingBot>();
        var app = builder.Build();
        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, CloudAdapter adapter, IBot bot, CancellationToken ct) =>
            adapter.ProcessAsync(request, response, bot, ct));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FloorBot(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Acknowledges every activity; a card press gets an empty message answer.</summary>
    private sealed class NothingBot : ActivityHandler
    {
        protected override Task<Microsoft.Bot.Schema.AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext<Microsoft.Bot.Schema.IInvokeActivity> turnContext,
            Microsoft.Bot.Schema.AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
            Task.FromResult(new Microsoft.Bot.Schema.AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = "" });
    }
}
