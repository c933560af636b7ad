using System.Diagnostics;
using Microsoft.Bot.Builder;

namespace TeamsDxBot.Observability;

/// <summary>One span per incoming activity, with its type, the command or verb it ran, and how it ended.</summary>
public sealed class TurnTelemetry(Telemetry telemetry, TimeProvider time) : Microsoft.Bot.Builder.IMiddleware
{
    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
    {
        var type = turnContext.Activity.Type ?? "unknown";
        using var span = Telemetry.Source.StartActivity("bot.turn", ActivityKind.Internal);
        span?.SetTag(Telemetry.ActivityTypeTag, type);
        if (turnContext.Activity.Name is { Length: > 0 } name && type == "invoke")
        {
            span?.SetTag("teamsdx.invoke_name", name);
        }
        var started = time.GetTimestamp();
        var outcome = "ok";
        try
        {
            await next(cancellationToken);
            outcome = span?.GetTagItem(Telemetry.OutcomeTag) as string ?? "ok";
        }
        catch
        {
            outcome = "error";
            span?.SetStatus(ActivityStatusCode.Error);
            throw;
        }
        finally
        {
            span?.SetTag(Telemetry.OutcomeTag, outcome);
            telemetry.TurnCompleted(type, outcome, time.GetElapsedTime(started));
        }
    }
}
