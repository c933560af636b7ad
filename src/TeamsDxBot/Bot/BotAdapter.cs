using System.Runtime.ExceptionServices;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Cards;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Observability;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Bot;

/// <summary>The CloudAdapter with the tenant gate, the directory middleware and an error handler that never shows a stack trace.</summary>
public sealed class DxBotAdapter : CloudAdapter
{
    public DxBotAdapter(BotFrameworkAuthentication auth, TurnTelemetry telemetry, TenantGate tenants, DirectoryMiddleware directory, ILogger<DxBotAdapter> logger)
        : base(auth, logger)
    {
        Use(telemetry);
        Use(tenants);
        Use(new SharedJsonContracts());
        Use(directory);
        OnTurnError = async (turnContext, exception) =>
        {
            if (turnContext.Activity.Type == ActivityTypes.Event && turnContext.Activity.Name is "ContinueConversation" or "CreateConversation")
            {
                // A proactive turn: the caller (delivery engine, roster sync) decides what a failure means,
                // and nobody should get an apology for a message they never asked for.
                ExceptionDispatchInfo.Capture(exception).Throw();
            }
            var storageDown = StorageFailures.IsUnavailable(exception);
            if (storageDown)
            {
                // Nothing was half-applied (a change is one conditional write); pressing again once storage is back works.
                logger.LogWarning("Turn for activity {ActivityId} of type {ActivityType} could not reach table storage: {Reason}",
                    turnContext.Activity.Id, turnContext.Activity.Type, exception.Message);
            }
            else
            {
                logger.LogError(exception, "Turn failed for activity {ActivityId} of type {ActivityType} in conversation {ConversationId}",
                    turnContext.Activity.Id, turnContext.Activity.Type, turnContext.Activity.Conversation?.Id);
            }
            var texts = turnContext.TurnState.Get<UserContext>()?.T ?? Texts.For(Languages.Resolve(null, turnContext.Activity.Locale));
            var apology = texts[storageDown ? nameof(Strings.Error_StorageUnavailable) : nameof(Strings.Error_Unexpected)];
            try
            {
                if (turnContext.Activity.Type == ActivityTypes.Invoke && turnContext.Activity.Name == AdaptiveCard.ExecuteInvokeName)
                {
                    // An error answer leaves the pressed card as it was (so the person can press again) and
                    // shows the message on it; without one the adapter answers 501 and the card looks broken.
                    await turnContext.SendActivityAsync(new Activity
                    {
                        Type = ActivityTypesEx.InvokeResponse,
                        Value = new InvokeResponse
                        {
                            Status = 200,
                            Body = new AdaptiveCardInvokeResponse
                            {
                                StatusCode = 500,
                                Type = AdaptiveCard.ErrorContentType,
                                Value = new JObject { ["code"] = "InternalError", ["message"] = apology },
                            },
                        },
                    });
                }
                await turnContext.SendActivityAsync(apology);
            }
            catch (Exception sendFailure) when (sendFailure is not OperationCanceledException)
            {
                logger.LogWarning(sendFailure, "Could not send the apology for activity {ActivityId}", turnContext.Activity.Id);
            }
        };
    }
}
