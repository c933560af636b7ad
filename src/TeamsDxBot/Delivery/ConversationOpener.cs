using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Bot.Schema;
using TeamsDxBot.Connector;
using TeamsDxBot.Directory;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Delivery;

/// <summary>
/// Reaches a person in their 1:1 chat outside a turn: people known only from a team roster get the chat
/// created first (Teams allows that for members of a team the app is installed in), and the new
/// reference is stored.
/// </summary>
public sealed class ConversationOpener(ConnectorClients clients, PersonRepository people, ServiceUrlPolicy serviceUrls)
{
    public async Task<ConversationAddress?> EnsureConversationAsync(Person person, CancellationToken ct)
    {
        if (person.Conversation is not null)
        {
            return person.Conversation;
        }
        if (person.ServiceUrl is null || person.TeamsUserId is null || !serviceUrls.IsAllowed(person.ServiceUrl))
        {
            return null;
        }
        var client = await clients.GetAsync(person.ServiceUrl, ct);
        var created = await client.Conversations.CreateConversationAsync(new ConversationParameters
        {
            IsGroup = false,
            Members = [new ChannelAccount(person.TeamsUserId)],
            TenantId = person.TenantId,
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo(person.TenantId) },
        }, ct);
        var address = new ConversationAddress(person.ServiceUrl, created.Id, "", Channels.Msteams);
        await people.UpdateAsync(person.TenantId, person.AadObjectId,
            p => p with { Conversation = address, Reachability = Reachability.Reachable }, ct);
        return address;
    }

    /// <summary>Sends one activity into the person's 1:1 chat; null when they cannot be reached.</summary>
    public async Task<ResourceResponse?> SendAsync(Person person, IActivity activity, CancellationToken ct)
    {
        var address = await EnsureConversationAsync(person, ct);
        if (address is null)
        {
            return null;
        }
        return await PostAsync(address, ToReference(person, address), (Activity)activity, updateActivityId: null, ct);
    }

    /// <summary>Sends (or, with an activity id, updates) an activity in a known conversation.</summary>
    public async Task<ResourceResponse> PostAsync(ConversationAddress address, ConversationReference reference, Activity activity, string? updateActivityId, CancellationToken ct)
    {
        var client = await clients.GetAsync(address.ServiceUrl, ct);
        activity.ApplyConversationReference(reference);
        if (updateActivityId is not null)
        {
            activity.Id = updateActivityId;
            return await client.Conversations.UpdateActivityAsync(address.ConversationId, updateActivityId, activity, ct);
        }
        return await client.Conversations.SendToConversationAsync(address.ConversationId, activity, ct);
    }

    public static ConversationReference ToReference(Person person, ConversationAddress address) => new()
    {
        ServiceUrl = address.ServiceUrl,
        ChannelId = address.ChannelId,
        Conversation = new ConversationAccount(isGroup: false, id: address.ConversationId, tenantId: person.TenantId, conversationType: "personal"),
        Bot = new ChannelAccount(address.BotId),
        User = new ChannelAccount(person.TeamsUserId, person.Name, aadObjectId: person.AadObjectId),
    };
}
