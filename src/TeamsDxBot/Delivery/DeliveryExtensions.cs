using TeamsDxBot.Storage;

namespace TeamsDxBot.Delivery;

public static class DeliveryExtensions
{
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DeliveryOptions>().Bind(builder.Configuration.GetSection(DeliveryOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.LeaseDuration > o.SendTimeout, "Delivery:LeaseDuration must be longer than Delivery:SendTimeout.")
            .ValidateOnStart();
        services.AddTable(OutboxRepository.DeliveriesTable).AddTable(OutboxRepository.QueueTable).AddTable(InstanceRegistry.TableName);
        services.AddSingleton<OutboxRepository>();
        services.AddSingleton<Outbox>();
        services.AddSingleton<DeliveryReports>();
        services.AddSingleton<ConnectorClients>();
        services.AddSingleton<ConversationOpener>();
        services.AddSingleton<ActivitySender>();
        services.AddSingleton(_ => new Pacer(TimeProvider.System));
        services.AddSingleton<InstanceRegistry>();
        services.AddSingleton<DeliveryEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryEngine>());
        return builder;
    }
}
