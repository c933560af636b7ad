using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;
using TeamsDxBot.Bot;
using TeamsDxBot.Directory;

namespace TeamsDxBot.Delivery;

/// <summary>
/// Reaches a person in their 1:1 chat: people known only from a team roster get the chat created
/// first (Teams allows that for members of a team the app is installed in), and the new reference is stored.
/// </summary>
public sealed class ConversationOpener(DxBotAdapter adapter, PersonRepository people, IOptions<BotCredentials> credentials, ServiceUrlPolicy serviceUrls)
{
    private string BotAppId => credentials.Value.MicrosoftAppId ?? "";

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
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Members = [new ChannelAccount(person.TeamsUserId)],
            TenantId = person.TenantId,
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo(person.TenantId) },
        };
        ConversationAddress? address = null;
        await adapter.CreateConversationAsync(BotAppId, Channels.Msteams, person.ServiceUrl, audience: null!, parameters, (turn, _) =>
        {
            var activity = turn.Activity;
            address = new ConversationAddress(person.ServiceUrl, activity.Conversation.Id, activity.Recipient?.Id ?? "", Channels.Msteams);
            return Task.CompletedTask;
        }, ct);
        if (address is not null)
        {
            await people.UpdateAsync(person.TenantId, person.AadObjectId,
                p => p with { Conversation = address, Reachability = Reachability.Reachable }, ct);
        }
        return address;
    }

    /// <summary>Sends one activity into the person's 1:1 chat; false when they cannot be reached.</summary>
    public async Task<ResourceResponse?> SendAsync(Person person, IActivity activity, CancellationToken ct)
    {
        var address = await EnsureConversationAsync(person, ct);
        if (address is null)
        {
            return null;
        }
        ResourceResponse? response = null;
        await adapter.ContinueConversationAsync(BotAppId, ToReference(person, address), async (turn, token) =>
            response = await turn.SendActivityAsync(activity, token), ct);
        return response;
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
