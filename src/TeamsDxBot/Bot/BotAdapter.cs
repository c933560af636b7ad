using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Bot;

/// <summary>The CloudAdapter with the directory middleware and an error handler that never shows a stack trace.</summary>
public sealed class DxBotAdapter : CloudAdapter
{
    public DxBotAdapter(BotFrameworkAuthentication auth, DirectoryMiddleware directory, ILogger<DxBotAdapter> logger)
        : base(auth, logger)
    {
        Use(directory);
        OnTurnError = async (turnContext, exception) =>
        {
            logger.LogError(exception, "Turn failed for activity {ActivityId} of type {ActivityType} in conversation {ConversationId}",
                turnContext.Activity.Id, turnContext.Activity.Type, turnContext.Activity.Conversation?.Id);
            var texts = turnContext.TurnState.Get<UserContext>()?.T ?? Texts.For(Languages.Resolve(null, turnContext.Activity.Locale));
            try
            {
                await turnContext.SendActivityAsync(texts[nameof(Strings.Error_Unexpected)]);
            }
            catch (Exception sendFailure) when (sendFailure is not OperationCanceledException)
            {
                logger.LogWarning(sendFailure, "Could not send the apology for activity {ActivityId}", turnContext.Activity.Id);
            }
        };
    }
}
