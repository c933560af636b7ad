using System.Net;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using TeamsDxBot.Cards;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Delivery;

/// <summary>Makes one attempt to deliver one queue row and says, as a typed result, how it went.</summary>
public sealed class ActivitySender(ConversationOpener opener, ILogger<ActivitySender> logger)
{
    public async Task<SendResult> SendAsync(QueueRow row, MessageContent content, CancellationToken ct)
    {
        try
        {
            var person = new Person
            {
                TenantId = row.TenantId,
                AadObjectId = row.AadObjectId ?? row.RecipientKey,
                TeamsUserId = row.TeamsUserId,
                ServiceUrl = row.ServiceUrl,
                Conversation = row.Address,
            };
            var address = await opener.EnsureConversationAsync(person, ct);
            if (address is null)
            {
                return new SendResult(SendOutcome.RecipientGone, Reason: "no-conversation");
            }
            var reference = ConversationOpener.ToReference(person, address);
            if (row.AadObjectId is null)
            {
                reference.Conversation.ConversationType = "channel";
                reference.Conversation.IsGroup = true;
            }
            var response = await opener.PostAsync(address, reference, (Activity)ToActivity(content), row.UpdateActivityId, ct);
            var id = response?.Id ?? row.UpdateActivityId;
            return new SendResult(SendOutcome.Succeeded, id);
        }
        catch (ErrorResponseException e)
        {
            return Classify(e.Response?.StatusCode, e.Response?.Headers, e.Body?.Error?.Code);
        }
        catch (Microsoft.Rest.HttpOperationException e)
        {
            return Classify(e.Response?.StatusCode, e.Response?.Headers, null);
        }
        catch (HttpRequestException e)
        {
            return new SendResult(SendOutcome.Transient, Reason: "connection " + e.HttpRequestError);
        }
    }

    private SendResult Classify(HttpStatusCode? status, IDictionary<string, IEnumerable<string>>? headers, string? code)
    {
        var reason = status is null ? "unknown" : $"{(int)status}{(code is null ? "" : " " + code)}";
        switch (status)
        {
            case HttpStatusCode.TooManyRequests:
                return new SendResult(SendOutcome.Throttled, Reason: reason, RetryAfter: RetryAfter(headers));
            case HttpStatusCode.Forbidden or HttpStatusCode.NotFound:
                return new SendResult(SendOutcome.RecipientGone, Reason: reason);
            case HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable
                or HttpStatusCode.GatewayTimeout or HttpStatusCode.RequestTimeout or HttpStatusCode.InternalServerError:
                return new SendResult(SendOutcome.Transient, Reason: reason);
            case HttpStatusCode.RequestEntityTooLarge:
                // The message is too big for Teams: a bug in whoever built it, never fixed by retrying.
                logger.LogError("Teams refused a message as too large (413); the card must be made smaller");
                return new SendResult(SendOutcome.Failed, Reason: reason);
            default:
                return new SendResult(SendOutcome.Failed, Reason: reason);
        }
    }

    private static TimeSpan? RetryAfter(IDictionary<string, IEnumerable<string>>? headers)
    {
        var value = headers?.FirstOrDefault(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 3600));
        }
        return DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at - DateTimeOffset.UtcNow
            : null;
    }

    public static IMessageActivity ToActivity(MessageContent content)
    {
        var activity = content.Card is null ? MessageFactory.Text(content.Text ?? "") : MessageFactory.Attachment(content.Card.ToAttachment());
        if (content.Card is not null && content.Text is not null)
        {
            activity.Text = content.Text;
        }
        return activity;
    }
}
