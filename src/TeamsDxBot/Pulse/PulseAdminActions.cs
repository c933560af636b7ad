using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary>The promoter's pulse actions: run now, settings, and the question editor.</summary>
public sealed class PulseAdminActions(InitiativeRepository initiatives, PulseAdmin admin, PulseScheduler scheduler, PulseWorker worker, PersonZones zones,
    Audit.IAuditLog audit) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(PulseCards.RunNowVerb, Role.Promoter, RunNowAsync),
        new(PulseCards.SettingsFormVerb, Role.Promoter, ShowSettingsAsync),
        new(PulseCards.QuestionsVerb, Role.Promoter, ShowQuestionsAsync),
        new(PulseCards.SaveSettingsVerb, Role.Promoter, SaveSettingsAsync),
        new(PulseCards.MoveQuestionVerb, Role.Promoter, MoveQuestionAsync),
        new(PulseCards.RemoveQuestionVerb, Role.Promoter, RemoveQuestionAsync),
        new(PulseCards.AddQuestionVerb, Role.Promoter, AddQuestionAsync),
        new(PulseCards.ResetQuestionsVerb, Role.Promoter, ResetQuestionsAsync),
    ];

    private Task RunNowAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        WithInitiativeAsync(request, data, initiative => StartRunAsync(request, initiative, data.String("confirmed") == "true", ct), ct);

    private Task ShowSettingsAsync(TurnRequest request, JObject data, CancellationToken ct) => WithInitiativeAsync(request, data, async initiative =>
        await request.ReplyAsync(PulseCards.Settings(request.T, initiative, await scheduler.SettingsAsync(initiative, ct)), ct), ct);

    private Task ShowQuestionsAsync(TurnRequest request, JObject data, CancellationToken ct) => WithInitiativeAsync(request, data, async initiative =>
        await request.ReplyAsync(PulseCards.Questions(request.T, initiative, await scheduler.SettingsAsync(initiative, ct)), ct), ct);

    private Task SaveSettingsAsync(TurnRequest request, JObject data, CancellationToken ct) => EditAsync(request, data, PulseCards.SaveSettingsVerb, settingsCard: true,
        (initiative, etag) => admin.SaveSettingsAsync(initiative, etag, new PulseSettingsForm(data.String("enabled"), data.String("cron"),
            data.String("windowDays"), data.String("audience"), data.String("anonymity"), data.String("reminderCount"), data.String("reminderDays")), ct), ct);

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
                    await request.ReplyAsync(t[nameof(Strings.Pulse_SettingsSaved)], ct);
                    break;
            }
        }, ct);

    /// <summary>
    /// A second press (or a double click) would send everyone another survey while one is open, so that
    /// asks first. The press writes the run and its invitations; the worker, woken here, queues the
    /// surveys, so the promoter gets the answer in a second even for thousands of people.
    /// </summary>
    private async Task StartRunAsync(TurnRequest request, Initiative initiative, bool confirmed, CancellationToken ct)
    {
        var t = request.T;
        if (!confirmed && await scheduler.OpenRunAsync(initiative, ct) is { } open)
        {
            await request.ReplyAsync(PulseCards.ConfirmRunNow(t, initiative, open, zones.Company), ct);
            return;
        }
        var run = await scheduler.StartNowAsync(initiative, ct);
        if (run is null)
        {
            // Either nobody to ask, or a press in the same second started it: then say what is going out.
            if (await scheduler.OpenRunAsync(initiative, ct) is { } started)
            {
                await request.ReplyAsync(PulseCards.RunStarted(t, started, started.Invited.Values.Sum(), zones.Company), ct);
            }
            else
            {
                await request.ReplyAsync(t[nameof(Strings.Pulse_NobodyToAsk)], ct);
            }
            return;
        }
        worker.Wake();
        await request.ReplyAsync(PulseCards.RunStarted(t, run, run.Invited.Values.Sum(), zones.Company), ct);
    }
}
