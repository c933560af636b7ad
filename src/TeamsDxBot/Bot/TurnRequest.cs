using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Cards;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;

namespace TeamsDxBot.Bot;

/// <summary>One incoming activity with the person behind it; what features receive instead of raw SDK types.</summary>
public sealed class TurnRequest(ITurnContext turn, UserContext user)
{
    public ITurnContext Turn => turn;
    public UserContext User => user;
    public Texts T => user.T;
    public Person Person => user.Person;
    public string TenantId => user.Person.TenantId;
    public bool IsPersonalChat => turn.Activity.Conversation?.ConversationType is null or "personal";

    public Task ReplyAsync(string text, CancellationToken ct) => turn.SendActivityAsync(MessageFactory.Text(text), ct);

    public Task ReplyAsync(JObject card, CancellationToken ct) => turn.SendActivityAsync(MessageFactory.Attachment(card.ToAttachment()), ct);

    /// <summary>Replaces the card the person just submitted, so it cannot be submitted twice.</summary>
    public async Task ReplaceSubmittedCardAsync(JObject card, CancellationToken ct)
    {
        var replyToId = turn.Activity.ReplyToId;
        if (string.IsNullOrEmpty(replyToId))
        {
            await ReplyAsync(card, ct);
            return;
        }
        var update = MessageFactory.Attachment(card.ToAttachment());
        update.Id = replyToId;
        await turn.UpdateActivityAsync(update, ct);
    }
}
