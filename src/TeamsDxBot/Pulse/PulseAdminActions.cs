using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary>The promoter's pulse actions: run now, settings, and the question editor.</summary>
public sealed class PulseAdminActions(InitiativeRepository initiatives, PulseAdmin admin, PulseScheduler scheduler, PulseRunRepository runs, PulseWorker worker, PersonZones zones,
    Audit.IAuditLog audit, TimeProvider time) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(PulseCards.RunNowVerb, Role.Promoter, RunNowAsync),
        new(PulseCards.SendToNewcomersVerb, Role.Promoter, SendToNewcomersAsync),
        new(PulseCards.SettingsFormVerb, Role.Promoter, ShowSettingsAsync),
        new(PulseCards.QuestionsVerb, Role.Promoter, ShowQuestionsAsync),
        new(PulseCards.SaveSettingsVerb, Role.Promoter, SaveSettingsAsync),
        new(PulseCards.MoveQuestionVerb, Role.Promoter, MoveQuestionAsync),
        new(PulseCards.RemoveQuestionVerb, Role.Promoter, RemoveQuestionAsync),
        new(PulseCards.AddQuestionVerb, Role.Promoter, AddQuestionAsync),
        new(PulseCards.ResetQuestionsVerb, Role.Promoter, ResetQuestionsAsync),
    ];

    private Task RunNowAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        // "confirmed" is what cards sent before the replace/wait choice carry.
        WithInitiativeAsync(request, data, initiative => StartRunAsync(request, initiative, data.String("confirmed") == "true" ? "replace" : data.String("mode") ?? "", ct), ct);

    private Task SendToNewcomersAsync(TurnRequest request, JObject data, CancellationToken ct) => WithInitiativeAsync(request, data, async initiative =>
    {
        var t = request.T;
        var run = data.String("runId") is { Length: > 0 } runId ? await runs.GetAsync(request.TenantId, runId, ct) : null;
        if (run is null || run.InitiativeId != initiative.Id || !run.IsOpen(time.GetUtcNow()))
        {
            await request.ReplyAsync(t[nameof(Strings.Pulse_NewcomersClosed)], ct);
            return;
        }
        var added = await scheduler.SendToNewcomersAsync(run, initiative, ct);
        await request.ReplyAsync(added == 0
            ? t[nameof(Strings.Pulse_NoNewcomers)]
            : t.Format(nameof(Strings.Pulse_NewcomersSent), initiative.NameFor(t.IsEnglish), added, Formats.When(t, run.ClosesAt, zones.Company)), ct);
    }, ct);

    private Task ShowSettingsAsync(TurnRequest request, JObject data, CancellationToken ct) => WithInitiativeAsync(request, data, async initiative =>
        await request.ReplyAsync(PulseCards.Settings(request.T, initiative, await scheduler.SettingsAsync(initiative, ct)), ct), ct);

    private Task ShowQuestionsAsync(TurnRequest request, JObject data, CancellationToken ct) => WithInitiativeAsync(request, data, async initiative =>
        await request.ReplyAsync(PulseCards.Questions(request.T, initiative, await scheduler.SettingsAsync(initiative, ct)), ct), ct);

    private Task SaveSettingsAsync(TurnRequest request, JObject data, CancellationToken ct) => EditAsync(request, data, PulseCards.SaveSettingsVerb, settingsCard: true,
        (initiative, etag) => admin.SaveSettingsAsync(initiative, etag, new PulseSettingsForm(data.String("enabled"), data.String("cron"),
            data.String("windowDays"), data.String("audience"), data.String("anonymity"), data.String("reminderCount"), data.String("reminderDays"),
            data.String("frequency"), data.String("weekday"), data.String("time")), ct), ct);

    private Task MoveQuestionAsync(TurnRequest request, JObject data, CancellationToken ct) => EditAsync(request, data, PulseCards.MoveQuestionVerb, settingsCard: false,
        (initiative, etag) => admin.MoveAsync(initiative, etag, data.String("questionId"), data.String("direction") == "up", ct), ct);

    private Task RemoveQuestionAsync(TurnRequest request, JObject data, CancellationToken ct) => EditAsync(request, data, PulseCards.RemoveQuestionVerb, settingsCard: false,
        (initiative, etag) => admin.RemoveAsync(initiative, etag, data.String("questionId"), ct), ct);

    private Task AddQuestionAsync(TurnRequest request, JObject data, CancellationToken ct) => EditAsync(request, data, PulseCards.AddQuestionVerb, settingsCard: false,
        (initiative, etag) => admin.AddAsync(initiative, etag, new PulseQuestionForm(data.String("kind"), data.String("textJa"), data.String("textEn"),
            data.String("choices"), data.String("required")), ct), ct);

    private Task ResetQuestionsAsync(TurnRequest request, JObject data, CancellationToken ct) => EditAsync(request, data, PulseCards.ResetQuestionsVerb, settingsCard: false,
        (initiative, etag) => admin.ResetAsync(initiative, etag, ct), ct);

    /// <summary>Every pulse button names its initiative; one that no longer exists answers with a message, not an error.</summary>
    private async Task WithInitiativeAsync(TurnRequest request, JObject data, Func<Initiative, Task> run, CancellationToken ct)
    {
        var initiative = data.String("initiativeId") is { Length: > 0 } id ? await initiatives.GetAsync(request.TenantId, id, ct) : null;
        if (initiative is null)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Initiative_NotFound)], ct);
            return;
        }
        await run(initiative);
    }

    /// <summary>Applies one change to the settings or questions (with the card's ETag) and answers with the card it came from.</summary>
    private Task EditAsync(TurnRequest request, JObject data, string verb, bool settingsCard, Func<Initiative, string?, Task<PulseEdit>> change, CancellationToken ct) =>
        WithInitiativeAsync(request, data, async initiative =>
        {
            var t = request.T;
            var edit = await change(initiative, data.String("etag"));
            switch (edit.Result)
            {
                case PulseEditResult.Invalid:
                    await request.ReplyAsync(PulseCards.Problems(t, edit.Problems.Select(p => t.Format(p.Key, p.Args)).ToList()), ct);
                    break;
                case PulseEditResult.Stale:
                    await request.ReplyAsync(t[nameof(Strings.Pulse_Stale)], ct);
                    await request.ReplyAsync(settingsCard ? PulseCards.Settings(t, initiative, edit.Settings) : PulseCards.Questions(t, initiative, edit.Settings), ct);
                    break;
                default:
                    await audit.RecordAsync(request.User, Audit.AuditAction.PulseSettingsChanged, $"{initiative.Name} ({verb})", ct);
                    await request.ReplaceSubmittedCardAsync(settingsCard ? PulseCards.Settings(t, initiative, edit.Settings) : PulseCards.Questions(t, initiative, edit.Settings), ct);
                    // Says what was saved, not just that something was.
                    var name = initiative.NameFor(t.IsEnglish);
                    await request.ReplyAsync(settingsCard
                        ? t.Format(nameof(Strings.Pulse_SettingsSaved), name, PulseSchedule.Describe(t, edit.Settings), edit.Settings.WindowDays,
                            t[edit.Settings.Enabled ? nameof(Strings.Pulse_On) : nameof(Strings.Pulse_Off)])
                        : t.Format(verb switch
                        {
                            PulseCards.AddQuestionVerb => nameof(Strings.Pulse_QuestionAdded),
                            PulseCards.RemoveQuestionVerb => nameof(Strings.Pulse_QuestionRemoved),
                            PulseCards.MoveQuestionVerb => nameof(Strings.Pulse_QuestionMoved),
                            _ => nameof(Strings.Pulse_QuestionsReset),
                        }, name, edit.Settings.Questions.Count), ct);
                    break;
            }
        }, ct);

    /// <summary>
    /// Surveys must not pile up: while one is open nothing new goes out (people added since can be sent
    /// that one), a week whose pulse already went out gets no second, and in a week whose scheduled pulse
    /// is still to come the promoter chooses between sending now instead of it and waiting for it. The
    /// press writes the run and its invitations; the worker, woken here, queues the surveys, so the
    /// promoter gets the answer in a second even for thousands of people.
    /// </summary>
    private async Task StartRunAsync(TurnRequest request, Initiative initiative, string mode, CancellationToken ct)
    {
        var t = request.T;
        var zone = zones.Company;
        var settings = await scheduler.SettingsAsync(initiative, ct);
        if (mode == "wait")
        {
            var at = scheduler.ScheduledThisWeek(settings, initiative).LastOrDefault()?.At ?? scheduler.NextRuns(settings, initiative, zone, 1).FirstOrDefault();
            await request.ReplyAsync(t.Format(nameof(Strings.Pulse_Waiting), initiative.NameFor(t.IsEnglish), at == default ? t[nameof(Strings.Pulse_NotSet)] : Formats.When(t, at, zone)), ct);
            return;
        }
        if (await ExplainWhyNotAsync(request, initiative, settings, ct))
        {
            return;
        }
        if (mode != "replace" && scheduler.ScheduledThisWeek(settings, initiative).LastOrDefault() is { } scheduled)
        {
            await request.ReplyAsync(PulseCards.ConfirmReplace(t, initiative, scheduled.At, zone), ct);
            return;
        }
        var run = await scheduler.StartNowAsync(initiative, ct);
        if (run is null)
        {
            // A press in the same second, or the scheduler on another instance, started one: say what is going out.
            if (!await ExplainWhyNotAsync(request, initiative, settings, ct))
            {
                var reach = await scheduler.ReachAsync(initiative, ct);
                await request.ReplyAsync(t[nameof(Strings.Pulse_NobodyToAsk)] + ReachCards.LeftOutClause(t, reach), ct);
            }
            return;
        }
        worker.Wake();
        await request.ReplyAsync(PulseCards.RunStarted(t, run, run.Invited.Values.Sum(), zone, await scheduler.ReachAsync(initiative, ct), request.User.IsPromoter), ct);
    }

    /// <summary>True (and the promoter told why) when a survey of the initiative is open or this week's already went out.</summary>
    private async Task<bool> ExplainWhyNotAsync(TurnRequest request, Initiative initiative, PulseSettings settings, CancellationToken ct)
    {
        var t = request.T;
        var zone = zones.Company;
        if (await scheduler.OpenRunAsync(initiative, ct) is { } open)
        {
            var newcomers = await scheduler.NewcomersAsync(open, initiative, ct);
            await request.ReplyAsync(PulseCards.ConfirmRunNow(t, initiative, open, zone, newcomers.Count), ct);
            return true;
        }
        if (await scheduler.RunThisWeekAsync(initiative, ct) is { } done)
        {
            var next = settings.Enabled ? scheduler.NextRuns(settings, initiative, zone, 1).Select(r => (DateTimeOffset?)r).FirstOrDefault() : null;
            await request.ReplyAsync(t.Format(nameof(Strings.Pulse_AlreadyThisWeek), initiative.NameFor(t.IsEnglish), Formats.When(t, done.CreatedAt, zone), Formats.When(t, done.ClosesAt, zone),
                next is { } n ? Formats.When(t, n, zone) : t[nameof(Strings.Pulse_NotSet)]), ct);
            return true;
        }
        return false;
    }
}
