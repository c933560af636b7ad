using TeamsDxBot.Delivery;
using TeamsDxBot.Tests.Infrastructure;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Tests.Delivery;

/// <summary>Recipients who already have a 1:1 chat on the fake connector, and a quick way to enqueue to them.</summary>
public static class DeliveryTestKit
{
    public static readonly IReadOnlyDictionary<string, string> FastRetries = new Dictionary<string, string>
    {
        ["Delivery:BaseBackoff"] = "00:00:01",
        ["Delivery:MaxBackoff"] = "00:00:10",
        ["Delivery:SendTimeout"] = "00:00:01",
        ["Delivery:MaxAttempts"] = "4",
        ["Delivery:Shards"] = "4",
        ["Delivery:MaxConcurrency"] = "8",
        ["Delivery:TenantRequestsPerSecond"] = "200",
    };

    /// <summary>
    /// Fast retries with a send timeout no loaded test machine reaches, for tests that run the engine once and
    /// expect every send recorded: a send that times out is retried only after its backoff, which they do not wait for.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> PatientSends =
        new Dictionary<string, string>(FastRetries) { ["Delivery:SendTimeout"] = "00:00:30" };

    public static string ConversationOf(int i) => $"a:personal-29:r{i}";

    public static Recipient RecipientOf(BotTestHost host, int i) => new(
        BotTestHost.TenantId, $"aad-r{i}", $"aad-r{i}",
        new ConversationAddress(host.Connector.ServiceUrl, ConversationOf(i), "28:bot", "msteams"), $"29:r{i}", host.Connector.ServiceUrl);

    public static async Task<Outbox.EnqueueResult> EnqueueAsync(BotTestHost host, string messageId, int count, string text = "お知らせ")
    {
        var requests = Enumerable.Range(0, count).Select(i => new SendRequest(messageId, $"{messageId}:r{i}", RecipientOf(host, i))).ToList();
        return await host.Get<Outbox>().EnqueueAsync(messageId, new MessageContent(text), requests, "test", default);
    }

    /// <summary>Runs the engine until nothing is due, moving the fake clock past retry times in between.</summary>
    public static async Task DrainAsync(BotTestHost host, int rounds = 8, TimeSpan? step = null)
    {
        for (var round = 0; round < rounds; round++)
        {
            await host.Get<DeliveryEngine>().RunAsync(untilIdle: true, default);
            host.Clock.Advance(step ?? TimeSpan.FromSeconds(15));
        }
    }
}
