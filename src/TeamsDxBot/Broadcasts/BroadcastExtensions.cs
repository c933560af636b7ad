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
        builder.Services.AddSingleton<BroadcastPermissions>();
        builder.Services.AddSingleton<BroadcastValidation>();
        builder.Services.AddSingleton<BroadcastZones>();
        builder.Services.AddSingleton<BroadcastComposing>();
        builder.Services.AddSingleton<BroadcastSending>();
        builder.Services.AddSingleton<BroadcastAcknowledgements>();
        builder.Services.AddSingleton<BroadcastOverview>();
        builder.Services.AddSingleton<Nudges.IBroadcastDrafts, BroadcastDraftsForNudges>();
        builder.Services.AddSingleton<BroadcastViews>();
        builder.Services.AddHostedService<BroadcastWorker>();
        builder.Services.AddSingleton<IChatCommand, BroadcastsCommand>();
        builder.Services.AddSingleton<ICardVerbs, BroadcastActions>();
        return builder;
    }
}
