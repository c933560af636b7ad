using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary>The promoter's pulse actions: run now, settings, and the question editor.</summary>
public sealed class PulseAdminAction(InitiativeRepository initiatives, PulseAdmin admin, PulseScheduler scheduler, PulseWorker worker, PersonZones zones,
    Audit.IAuditLog audit, string verb) : ICardAction
{
    public string Verb => verb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var t = request.T;
        var initiative = data.String("initiativeId") is { Length: > 0 } id ? await initiatives.GetAsync(request.TenantId, id, ct) : null;
        if (initiative is null)
        {
            await request.ReplyAsync(t[nameof(Strings.Initiative_NotFound)], ct);
            return;
        }
        var etag = data.String("etag");
        switch (verb)
        {
            case PulseCards.RunNowVerb:
                await RunNowAsync(request, initiative, data.String("confirmed") == "true", ct);
                return;
            case PulseCards.SettingsFormVerb:
                await request.ReplyAsync(PulseCards.Settings(t, initiative, await scheduler.SettingsAsync(initiative, ct)), ct);
                return;
            case PulseCards.QuestionsVerb:
                await request.ReplyAsync(PulseCards.Questions(t, initiative, await scheduler.SettingsAsync(initiative, ct)), ct);
                return;
        }
        var edit = verb switch
        {
            PulseCards.SaveSettingsVerb => await admin.SaveSettingsAsync(initiative, etag, new PulseSettingsForm(data.String("enabled"), data.String("cron"),
                data.String("windowDays"), data.String("audience"), data.String("anonymity"), data.String("reminderCount"), data.String("reminderDays")), ct),
            PulseCards.MoveQuestionVerb => await admin.MoveAsync(initiative, etag, data.String("questionId"), data.String("direction") == "up", ct),
            PulseCards.RemoveQuestionVerb => await admin.RemoveAsync(initiative, etag, data.String("questionId"), ct),
            PulseCards.ResetQuestionsVerb => await admin.ResetAsync(initiative, etag, ct),
            _ => await admin.AddAsync(initiative, etag, new PulseQuestionForm(data.String("kind"), data.String("textJa"), data.String("textEn"),
                data.String("choices"), data.String("required")), ct),
        };
        var isSettings = verb == PulseCards.SaveSettingsVerb;
        switch (edit.Result)
        {
            case PulseEditResult.Invalid:
                await request.ReplyAsync(PulseCards.Problems(t, edit.Problems.Select(p => t.Format(p.Key, p.Args)).ToList()), ct);
                break;
            case PulseEditResult.Stale:
                await request.ReplyAsync(t[nameof(Strings.Pulse_Stale)], ct);
                await request.ReplyAsync(isSettings ? PulseCards.Settings(t, initiative, edit.Settings) : PulseCards.Questions(t, initiative, edit.Settings), ct);
                break;
            default:
                await audit.RecordAsync(request.User, Audit.AuditAction.PulseSettingsChanged, $"{initiative.Name} ({verb})", ct);
                await request.ReplaceSubmittedCardAsync(isSettings ? PulseCards.Settings(t, initiative, edit.Settings) : PulseCards.Questions(t, initiative, edit.Settings), ct);
                await request.ReplyAsync(t[nameof(Strings.Pulse_SettingsSaved)], ct);
                break;
        }
    }

    /// <summary>
    /// A second press (or a double click) would send everyone another survey while one is open, so that
    /// asks first. The press writes the run and its invitations; the worker, woken here, queues the
    /// surveys, so the promoter gets the answer in a second even for thousands of people.
    /// </summary>
    private async Task RunNowAsync(TurnRequest request, Initiative initiative, bool confirmed, CancellationToken ct)
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
