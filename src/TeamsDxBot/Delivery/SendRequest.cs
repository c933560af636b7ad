using Newtonsoft.Json.Linq;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Delivery;

/// <summary>What to send: text, an Adaptive Card, or both.</summary>
public sealed record MessageContent(string? Text, JObject? Card = null)
{
    public string ToJson() => new JObject { ["text"] = Text, ["card"] = Card }.ToString(Newtonsoft.Json.Formatting.None);

    public static MessageContent FromJson(string json)
    {
        var o = JObject.Parse(json);
        return new MessageContent((string?)o["text"], o["card"] as JObject);
    }
}

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

/// <summary>The typed result of one attempt.</summary>
public enum SendOutcome
{
    Succeeded,
    /// <summary>429: the whole engine slows down and the row is retried after Retry-After.</summary>
    Throttled,
    /// <summary>403/404: blocked, uninstalled, not in the roster, conversation gone. Not retried.</summary>
    RecipientGone,
    /// <summary>412, 5xx, timeouts, resets: retried with backoff up to the configured limit.</summary>
    Transient,
    /// <summary>401, 413 and anything else: not retried.</summary>
    Failed,
}

public sealed record SendResult(SendOutcome Outcome, string? ActivityId = null, string? Reason = null, TimeSpan? RetryAfter = null);

public enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,
    Unreachable,
}
