using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Cards;
using TeamsDxBot.Localization;

namespace TeamsDxBot.Turns;

/// <summary>One incoming activity with the person behind it; what features receive instead of raw SDK types.</summary>
public sealed class TurnRequest(ITurnContext turn, UserContext user)
{
    private readonly List<string> replies = [];

    public ITurnContext Turn => turn;
    public UserContext User => user;
    public Texts T => user.T;
    public Person Person => user.Person;
    public string TenantId => user.Person.TenantId;
    public bool IsPersonalChat => turn.Activity.Conversation?.ConversationType is null or "personal";

    /// <summary>
    /// An Action.Execute button (Universal Actions): Teams waits for the card that replaces the one pressed
    /// in the answer to this very request, so no separate update goes out and none can be throttled.
    /// </summary>
    public bool IsCardInvoke => turn.Activity.Type == ActivityTypes.Invoke && turn.Activity.Name == AdaptiveCard.ExecuteInvokeName;

    /// <summary>The card an Action.Execute press is answered with (set by <see cref="ReplaceSubmittedCardAsync"/>).</summary>
    public JObject? InvokeCard { get; private set; }

    /// <summary>Texts replied during an Action.Execute press: shown on the card when nothing replaced it.</summary>
    public IReadOnlyList<string> Replies => replies;

    public Task ReplyAsync(string text, CancellationToken ct)
    {
        if (IsCardInvoke)
        {
            replies.Add(text);
        }
        return turn.SendActivityAsync(MessageFactory.Text(text), ct);
    }

    public Task ReplyAsync(JObject card, CancellationToken ct) => turn.SendActivityAsync(MessageFactory.Attachment(card.ToAttachment()), ct);

    /// <summary>Replaces the card the person just submitted, so it cannot be submitted twice.</summary>
    public async Task ReplaceSubmittedCardAsync(JObject card, CancellationToken ct)
    {
        if (IsCardInvoke)
        {
            InvokeCard ??= card;
            return;
        }
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
