using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Cards;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Bot;

/// <summary>Only routes: each kind of activity goes to the feature that owns it.</summary>
public sealed class DxBot(CommandRouter commands, CardActionRouter cardActions, Welcome welcome, TeamEnrollment teams, IFreeTextHandler freeText, IFileUploadHandler files, ILogger<DxBot> logger) : TeamsActivityHandler
{
    /// <summary>Longer than anything Teams lets a person type into one message.</summary>
    public const int MaxTextLength = 30_000;

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var request = new TurnRequest(turnContext, turnContext.GetUser());
        if (CardActionRouter.IsCardSubmit(turnContext.Activity.Value, out var data))
        {
            await cardActions.RouteAsync(request, data, cancellationToken);
            return;
        }
        if (request.IsPersonalChat && await files.TryHandleAsync(request, cancellationToken))
        {
            return;
        }
        var text = turnContext.Activity.RemoveRecipientMention() ?? turnContext.Activity.Text;
        if (text?.Length > MaxTextLength)
        {
            await request.ReplyAsync(request.T.Format(nameof(Strings.Bot_TooLong), MaxTextLength), cancellationToken);
            return;
        }
        var welcomed = request.IsPersonalChat && await welcome.SendIfFirstContactAsync(request, cancellationToken);
        if (await commands.TryRunAsync(request, text, cancellationToken) || welcomed)
        {
            return;
        }
        // Anything that is not a command is a question for the person's key user (after confirmation).
        if (request.IsPersonalChat && !string.IsNullOrWhiteSpace(text))
        {
            await freeText.HandleAsync(request, text, cancellationToken);
        }
        else
        {
            await request.ReplyAsync(request.T[nameof(Strings.Bot_NotUnderstood)], cancellationToken);
        }
    }

    /// <summary>Card buttons (Action.Execute) are the only invoke the app declares; any other is refused, not failed.</summary>
    protected override Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken) =>
        turnContext.Activity.Name == AdaptiveCard.ExecuteInvokeName
            ? base.OnInvokeActivityAsync(turnContext, cancellationToken)
            : Task.FromResult(new InvokeResponse { Status = (int)System.Net.HttpStatusCode.BadRequest });

    protected override async Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken)
    {
        var request = new TurnRequest(turnContext, turnContext.GetUser());
        CardData.IsExecute(turnContext.Activity, out var data);
        await cardActions.RouteAsync(request, data, cancellationToken);
        // Teams puts whatever comes back in place of the pressed card: when the feature replaced nothing,
        // what it said is shown there too, so the press never ends on a blank or unchanged card.
        var card = request.InvokeCard ?? AdaptiveCard.Create(request.Replies.Select(text => (JToken?)AdaptiveCard.Text(text)));
        return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = AdaptiveCard.ContentType, Value = card };
    }

    protected override async Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var request = new TurnRequest(turnContext, turnContext.GetUser());
        if (request.IsPersonalChat)
        {
            await welcome.SendIfFirstContactAsync(request, cancellationToken);
        }
    }

    protected override Task OnInstallationUpdateRemoveAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        new TurnRequest(turnContext, turnContext.GetUser()).IsPersonalChat
            ? welcome.ForgetConversationAsync(turnContext.GetUser().Person, cancellationToken)
            : Task.CompletedTask;

    protected override async Task OnTeamsMembersAddedDispatchAsync(IList<ChannelAccount> membersAdded, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        try
        {
            await base.OnTeamsMembersAddedDispatchAsync(membersAdded, teamInfo, turnContext, cancellationToken);
        }
        catch (Microsoft.Bot.Schema.ErrorResponseException e) when (e.Response?.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // The SDK looks up every added member that is not this bot; one the team's roster does not
            // have (the update named someone else) leaves nobody to enroll or welcome.
            logger.LogWarning("Members added to {ConversationId} that the roster does not know", turnContext.Activity.Conversation?.Id);
        }
    }

    protected override async Task OnTeamsMembersAddedAsync(IList<TeamsChannelAccount> membersAdded, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        var request = new TurnRequest(turnContext, turnContext.GetUser());
        var botAdded = membersAdded.Any(m => m.Id == turnContext.Activity.Recipient?.Id);
        // In a 1:1 chat the welcome follows the installationUpdate, which carries the person's locale.
        if (!request.IsPersonalChat && teamInfo?.Id is { } teamId)
        {
            await teams.OnMembersAddedAsync(request, teamId, teamInfo.Name, botAdded, membersAdded, cancellationToken);
        }
    }

    protected override Task OnTeamsMembersRemovedAsync(IList<TeamsChannelAccount> membersRemoved, TeamInfo teamInfo, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        teamInfo?.Id is { } teamId && membersRemoved.Any(m => m.Id == turnContext.Activity.Recipient?.Id)
            ? teams.OnBotRemovedAsync(turnContext.GetUser().Person.TenantId, teamId, cancellationToken)
            : Task.CompletedTask;
}
