using TeamsDxBot.Turns;

namespace TeamsDxBot.Delivery;

/// <summary>A person's 1:1 chat, or a conversation (team channel) when <see cref="Person"/> is null.</summary>
public sealed record Recipient(string TenantId, string Key, string? AadObjectId, ConversationAddress? Address, string? TeamsUserId, string? ServiceUrl)
{
    public static Recipient For(Person person) =>
        new(person.TenantId, person.AadObjectId, person.AadObjectId, person.Conversation, person.TeamsUserId, person.ServiceUrl);

    public static Recipient For(string tenantId, ConversationAddress conversation) =>
        new(tenantId, conversation.ConversationId, null, conversation, null, conversation.ServiceUrl);
}

/// <summary>
/// One message to one recipient. <see cref="DedupeKey"/> is unique within <see cref="MessageId"/>;
/// enqueuing the same pair again sends nothing more. <see cref="Content"/> overrides the message's
/// common content for this recipient (personalised cards). <see cref="UpdateActivityId"/> turns the
/// send into an update of a card the bot posted earlier.
/// </summary>
public sealed record SendRequest(string MessageId, string DedupeKey, Recipient Recipient, MessageContent? Content = null, string? UpdateActivityId = null);

public sealed record SendResult(SendOutcome Outcome, string? ActivityId = null, string? Reason = null, TimeSpan? RetryAfter = null);
