using System.Globalization;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Calendar;
using TeamsDxBot.Cards;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

public sealed class BroadcastOptions
{
    public const string Section = "Broadcasts";

    /// <summary>How often due occurrences are looked for; a scheduled message goes out at most this late.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary><c>broadcasts</c> / お知らせ: key users, promoters and executives see their drafts, schedules and reports, and compose.</summary>
public sealed class BroadcastsCommand(BroadcastViews views)
    : ChatCommand("broadcasts", nameof(Strings.Command_Broadcasts), nameof(Strings.Command_BroadcastsHelp), Role.KeyUser, 47, "broadcast", "announcements")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(await views.ListAsync(request, ct), ct);
}

/// <summary>Builds the cards that need the directory (names, zones, what this person may choose).</summary>
public sealed class BroadcastViews(BroadcastService service, TimeProvider time)
{
    public async Task<JObject> ListAsync(TurnRequest request, CancellationToken ct)
    {
        var (departments, initiatives) = await service.NamesAsync(request.TenantId, ct);
        return BroadcastCards.List(request.T, await service.ListAsync(request.User, ct), departments, initiatives, request.Person.AadObjectId);
    }

    public async Task<JObject> ComposerAsync(TurnRequest request, Broadcast? broadcast, CancellationToken ct)
    {
        var (departments, initiatives, ownOnly) = await service.ChoicesAsync(request.User, ct);
        var zone = await service.ZoneForAsync(request.User, broadcast, ct);
        var today = DateOnly.FromDateTime(WallClock.ToLocal(time.GetUtcNow(), zone));
        return BroadcastCards.Composer(request.T, broadcast, departments, initiatives, ownOnly, zone, today);
    }

    public async Task<JObject> SubmittedAsync(TurnRequest request, Broadcast broadcast, CancellationToken ct)
    {
        var (departments, initiatives) = await service.NamesAsync(request.TenantId, ct);
        var zone = broadcast.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var z) ? z : await service.ZoneOfAsync(request.Person, ct);
        return BroadcastCards.Submitted(request.T, broadcast, BroadcastCards.AudienceText(request.T, broadcast, departments, initiatives), zone);
    }
}

public sealed class BroadcastAction(BroadcastService service, BroadcastViews views, Audit.IAuditLog audit, string verb) : ICardAction
{
    public string Verb => verb;

    // Pressing "I'll try it" is for everyone who received it; the rest is for those who may broadcast
    // (the router lets promoters and executives through Role.KeyUser too; the service decides the audience).
    public Role RequiredRole => verb == BroadcastCards.AckVerb ? Role.Staff : Role.KeyUser;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var t = request.T;
        var id = data.String("broadcastId");
        switch (verb)
        {
            case BroadcastCards.AckVerb:
                await AcknowledgeAsync(request, data, ct);
                return;
            case BroadcastCards.ComposeVerb:
            {
                var opened = await service.OpenAsync(request.User, id, ct);
                if (opened.Outcome == BroadcastOutcome.Unchanged)
                {
                    await request.ReplyAsync(await views.ComposerAsync(request, opened.Broadcast, ct), ct);
                }
                else
                {
                    await RefuseAsync(request, opened, ct);
                }
                return;
            }
            case BroadcastCards.PreviewVerb:
            {
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
                await request.Turn.SendActivityAsync(MessageFactory.Attachment(BroadcastCards.Message(t, candidate, 0, preview: true).ToAttachment(),
                    t[nameof(Strings.Broadcast_PreviewNote)]), ct);
                return;
            }
            case BroadcastCards.SaveVerb:
            {
                var form = Form(data);
                var saved = await service.SaveDraftAsync(request.User, form, ct);
                if (saved.Outcome == BroadcastOutcome.Saved)
                {
                    // The composer now carries the draft's id and ETag, so saving again updates this draft.
                    await request.ReplaceSubmittedCardAsync(await views.ComposerAsync(request, saved.Broadcast, ct), ct);
                    await request.ReplyAsync(t.Format(nameof(Strings.Broadcast_DraftSaved), saved.Broadcast!.Title), ct);
                }
                else
                {
                    await RefuseAsync(request, saved, ct, form);
                }
                return;
            }
            case BroadcastCards.SubmitVerb:
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
                return;
            }
            case BroadcastCards.SendNowVerb:
            {
                var sent = await service.SendNowAsync(request.User, id, ct);
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
                return;
            }
            default:
            {
                var cancelled = await service.CancelAsync(request.User, id, ct);
                if (cancelled.Outcome == BroadcastOutcome.Cancelled)
                {
                    await audit.RecordAsync(request.User, Audit.AuditAction.BroadcastCancelled, cancelled.Broadcast!.Title, ct);
                    await RefreshListAsync(request, data, ct);
                    await request.ReplyAsync(t.Format(nameof(Strings.Broadcast_CancelledNote), cancelled.Broadcast!.Title), ct);
                }
                else
                {
                    await RefuseAsync(request, cancelled, ct);
                }
                return;
            }
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

/// <summary>Sends due occurrences; safe with several instances (see BroadcastScheduler).</summary>
public sealed class BroadcastWorker(BroadcastScheduler scheduler, IOptionsMonitor<BroadcastOptions> options, TimeProvider time, ILogger<BroadcastWorker> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.CheckInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => scheduler.TickAsync(ct);
}

/// <summary>What the nudges need of broadcasts: encouragement and tips drafts, and when an executive last spoke.</summary>
public sealed class BroadcastDraftsForNudges(BroadcastService broadcasts) : Nudges.IBroadcastDrafts
{
    public string ComposeVerb => BroadcastCards.ComposeVerb;

    public string SendNowVerb => BroadcastCards.SendNowVerb;

    public async Task<string> CreateDraftAsync(Person author, string title, string body, IReadOnlyList<string> departmentIds, CancellationToken ct) =>
        (await broadcasts.CreateDraftAsync(author, new BroadcastDraft(title, body,
            departmentIds.Count == 0 ? BroadcastAudience.Everyone : BroadcastAudience.Departments, departmentIds, null, Acknowledge: true), ct)).Id;

    public Task<DateTimeOffset?> LastExecutiveSendAsync(string tenantId, CancellationToken ct) => broadcasts.LastExecutiveSendAsync(tenantId, ct);

    public async Task DiscardDraftAsync(UserContext actor, string? id, CancellationToken ct)
    {
        if ((await broadcasts.OpenAsync(actor, id, ct)).Broadcast is { Status: BroadcastStatus.Draft })
        {
            await broadcasts.CancelAsync(actor, id, ct);
        }
    }
}

public static class BroadcastExtensions
{
    public static IHostApplicationBuilder AddBroadcasts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BroadcastOptions>().Bind(builder.Configuration.GetSection(BroadcastOptions.Section))
            .Validate(o => o.CheckInterval > TimeSpan.Zero, "Broadcasts:CheckInterval must be positive.")
            .ValidateOnStart();
        builder.Services.AddTable(BroadcastRepository.TableName).AddTable(BroadcastAckRepository.TableName);
        builder.Services.AddSingleton<BroadcastRepository>();
        builder.Services.AddSingleton<BroadcastAckRepository>();
        builder.Services.AddSingleton<BroadcastScheduler>();
        builder.Services.AddSingleton<BroadcastService>();
        builder.Services.AddSingleton<Nudges.IBroadcastDrafts, BroadcastDraftsForNudges>();
        builder.Services.AddSingleton<BroadcastViews>();
        builder.Services.AddHostedService<BroadcastWorker>();
        builder.Services.AddSingleton<IChatCommand, BroadcastsCommand>();
        foreach (var verb in new[] { BroadcastCards.ComposeVerb, BroadcastCards.SaveVerb, BroadcastCards.PreviewVerb, BroadcastCards.SubmitVerb,
            BroadcastCards.SendNowVerb, BroadcastCards.CancelVerb, BroadcastCards.AckVerb })
        {
            builder.Services.AddSingleton<ICardAction>(sp => ActivatorUtilities.CreateInstance<BroadcastAction>(sp, verb));
        }
        return builder;
    }
}
