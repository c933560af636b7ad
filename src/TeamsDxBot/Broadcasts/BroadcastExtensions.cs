using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

public static class BroadcastExtensions
{
    public static IHostApplicationBuilder AddBroadcasts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BroadcastOptions>().Bind(builder.Configuration.GetSection(BroadcastOptions.Section))
            .Validate(o => o.CheckInterval > TimeSpan.Zero, "Broadcasts:CheckInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddTable(BroadcastRepository.TableName).AddTable(BroadcastAckRepository.TableName);
        builder.Services.AddSingleton<BroadcastRepository>();
        builder.Services.AddSingleton<BroadcastAckRepository>();
        builder.Services.AddSingleton<BroadcastScheduler>();
        builder.Services.AddSingleton<BroadcastService>();
        builder.Services.AddSingleton<Nudges.IBroadcastDrafts, BroadcastDraftsForNudges>();
        builder.Services.AddSingleton<BroadcastViews>();
        builder.Services.AddHostedService<BroadcastWorker>();
        builder.Services.AddSingleton<IChatCommand, BroadcastsCommand>();
        builder.Services.AddSingleton<ICardVerbs, BroadcastActions>();
        return builder;
    }
}
