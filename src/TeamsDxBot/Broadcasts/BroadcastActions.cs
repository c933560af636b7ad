using System.Globalization;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Cards;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>The buttons of the broadcast composer, list and message.</summary>
public sealed class BroadcastActions(BroadcastService service, BroadcastViews views, Audit.IAuditLog audit) : ICardVerbs
{
    // Pressing "I'll try it" is for everyone who received it; the rest is for those who may broadcast
    // (the router lets promoters and executives through Role.KeyUser too; the service decides the audience).
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(BroadcastCards.AckVerb, Role.Staff, AcknowledgeAsync),
        new(BroadcastCards.ComposeVerb, Role.KeyUser, ComposeAsync),
        new(BroadcastCards.PreviewVerb, Role.KeyUser, PreviewAsync),
        new(BroadcastCards.TimingVerb, Role.KeyUser, TimingAsync),
        new(BroadcastCards.SaveVerb, Role.KeyUser, SaveAsync),
        new(BroadcastCards.SubmitVerb, Role.KeyUser, SubmitAsync),
        new(BroadcastCards.SendNowVerb, Role.KeyUser, SendNowAsync),
        new(BroadcastCards.CancelVerb, Role.KeyUser, CancelAsync),
    ];

    private async Task ComposeAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var opened = await service.OpenAsync(request.User, data.String("broadcastId"), ct);
        if (opened.Outcome == BroadcastOutcome.Unchanged)
        {
            await request.ReplyAsync(await views.ComposerAsync(request, opened.Broadcast, ct), ct);
        }
        else
        {
            await RefuseAsync(request, opened, ct);
        }
    }

    /// <summary>Another timing chosen: the composer is drawn again as typed, with that timing's fields.</summary>
    private async Task TimingAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var form = Form(data);
        if (!form.Schedule.TimingIsKnown)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Broadcast_TimingInvalid)], ct);
            return;
        }
        await request.ReplaceSubmittedCardAsync(await views.ComposerAsync(request, BroadcastService.Typed(request.User, form), ct), ct);
    }

    private async Task PreviewAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var t = request.T;
        var form = Form(data);
        // The composer is sent again with what was typed: clients may redraw a card once new messages
        // arrive below it, and the author goes on from the preview to sending it.
        await request.ReplaceSubmittedCardAsync(await views.ComposerAsync(request, BroadcastService.Typed(request.User, form), ct), ct);
        var (candidate, problems) = await service.CheckAsync(request.User, form, ct);
        if (problems.Count > 0)
        {
            await request.ReplyAsync(BroadcastCards.Problems(t, problems), ct);
            return;
        }
        // Text and card in one message: the card itself stays exactly what recipients will get.
        var reach = await service.ReachAsync(candidate, ct);
        await request.Turn.SendActivityAsync(MessageFactory.Attachment(BroadcastCards.Message(t, candidate, 0, preview: true).ToAttachment(),
            t[nameof(Strings.Broadcast_PreviewNote)] + t.Format(nameof(Strings.Broadcast_PreviewRecipients), reach.Reached, Initiatives.ReachCards.LeftOutClause(t, reach))), ct);
    }

    private async Task SaveAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var form = Form(data);
        var saved = await service.SaveDraftAsync(request.User, form, ct);
        if (saved.Outcome == BroadcastOutcome.Saved)
        {
            // The composer now carries the draft's id and ETag, so saving again updates this draft.
            await request.ReplaceSubmittedCardAsync(await views.ComposerAsync(request, saved.Broadcast, ct), ct);
            await request.ReplyAsync(request.T.Format(nameof(Strings.Broadcast_DraftSaved), saved.Broadcast!.Title), ct);
        }
        else
        {
            await RefuseAsync(request, saved, ct, form);
        }
    }

    private async Task SubmitAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var form = Form(data);
        var submitted = await service.SubmitAsync(request.User, form, ct);
        if (submitted.Outcome is BroadcastOutcome.Sent or BroadcastOutcome.Scheduled)
        {
            await audit.RecordAsync(request.User, submitted.Outcome == BroadcastOutcome.Sent ? Audit.AuditAction.BroadcastSent : Audit.AuditAction.BroadcastScheduled, submitted.Broadcast!.Title, ct);
            await request.ReplaceSubmittedCardAsync(await views.SubmittedAsync(request, submitted.Broadcast!, ct), ct);
        }
        else
        {
            await RefuseAsync(request, submitted, ct, form);
        }
    }

    private async Task SendNowAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var sent = await service.SendNowAsync(request.User, data.String("broadcastId"), ct);
        if (sent.Outcome == BroadcastOutcome.Sent)
        {
            await audit.RecordAsync(request.User, Audit.AuditAction.BroadcastSent, sent.Broadcast!.Title, ct);
            await RefreshListAsync(request, data, ct);
            await request.ReplyAsync(await views.SubmittedAsync(request, sent.Broadcast!, ct), ct);
        }
        else
        {
            await RefuseAsync(request, sent, ct);
        }
    }

    private async Task CancelAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var cancelled = await service.CancelAsync(request.User, data.String("broadcastId"), ct);
        if (cancelled.Outcome == BroadcastOutcome.Cancelled)
        {
            await audit.RecordAsync(request.User, Audit.AuditAction.BroadcastCancelled, cancelled.Broadcast!.Title, ct);
            await RefreshListAsync(request, data, ct);
            await request.ReplyAsync(request.T.Format(nameof(Strings.Broadcast_CancelledNote), cancelled.Broadcast!.Title), ct);
        }
        else
        {
            await RefuseAsync(request, cancelled, ct);
        }
    }

    private async Task AcknowledgeAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (data.String("preview") is { Length: > 0 })
        {
            await request.ReplyAsync(request.T[nameof(Strings.Broadcast_PreviewAck)], ct);
            return;
        }
        var occurrence = int.TryParse(data.String("occurrence"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        var result = await service.AcknowledgeAsync(request.User, data.String("broadcastId"), occurrence, ct);
        switch (result.Outcome)
        {
            case BroadcastOutcome.Saved or BroadcastOutcome.Unchanged:
                // Pressed again (a second device, a stale copy): nothing more is stored, the card just says thanks.
                await request.ReplaceSubmittedCardAsync(BroadcastCards.Message(request.T, result.Broadcast!, occurrence, acknowledged: true), ct);
                break;
            case BroadcastOutcome.NotAllowed:
                await request.ReplyAsync(request.T[nameof(Strings.Error_NotAllowed)], ct);
                break;
            default:
                await request.ReplyAsync(request.T[nameof(Strings.Error_CardOutdated)], ct);
                break;
        }
    }

    private async Task RefreshListAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (data.String("source") == BroadcastCards.FromList)
        {
            await request.ReplaceSubmittedCardAsync(await views.ListAsync(request, ct), ct);
        }
    }

    /// <param name="form">What was typed, when the refusal answers the composer (it is shown again, filled in).</param>
    private async Task RefuseAsync(TurnRequest request, BroadcastResult result, CancellationToken ct, BroadcastForm? form = null)
    {
        var t = request.T;
        switch (result.Outcome)
        {
            case BroadcastOutcome.Invalid:
                if (form is not null)
                {
                    await request.ReplaceSubmittedCardAsync(await views.ComposerAsync(request, BroadcastService.Typed(request.User, form), ct), ct);
                }
                await request.ReplyAsync(BroadcastCards.Problems(t, result.ProblemList), ct);
                break;
            case BroadcastOutcome.Stale:
                await request.ReplyAsync(t[nameof(Strings.Common_ChangedMeanwhile)], ct);
                if (result.Broadcast is { IsOpen: true, Started: false } latest)
                {
                    await request.ReplyAsync(await views.ComposerAsync(request, latest, ct), ct);
                }
                break;
            case BroadcastOutcome.Locked:
                await request.ReplyAsync(t[nameof(Strings.Broadcast_Locked)], ct);
                break;
            case BroadcastOutcome.Busy:
                await request.ReplyAsync(t[nameof(Strings.Broadcast_Busy)], ct);
                break;
            case BroadcastOutcome.NotFound:
                await request.ReplyAsync(t[nameof(Strings.Broadcast_NotFound)], ct);
                break;
            default:
                await request.ReplyAsync(t[nameof(Strings.Error_NotAllowed)], ct);
                break;
        }
    }

    private static BroadcastForm Form(JObject data) => new(
        data.String("broadcastId"),
        data.String("etag"),
        data.String("title"),
        data.String("body"),
        data.String("imageUrl"),
        data.String("linkTitle"),
        data.String("linkUrl"),
        data.String("audience"),
        data.String("departmentIds"),
        data.String("initiativeId"),
        data.String("acknowledge"),
        new BroadcastScheduleForm(
            data.String("timing"),
            data.String("date"),
            data.String("time"),
            data.String("dates"),
            data.String("weekday"),
            data.String("monthlyRule"),
            data.String("day"),
            data.String("count")));
}
