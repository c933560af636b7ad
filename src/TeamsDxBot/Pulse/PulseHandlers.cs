using System.Globalization;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary><c>pulse</c>: everyone can pause and resume their surveys; promoters also see and run each initiative's pulse.</summary>
public sealed class PulseCommand(PulseOverviews overviews, TimeProvider time)
    : ChatCommand("pulse", nameof(Strings.Command_Pulse), nameof(Strings.Command_PulseHelp), Role.Staff, 30, "survey", "pulses")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        if (request.User.IsPromoter)
        {
            await request.ReplyAsync(await overviews.AdminCardAsync(request, ct), ct);
        }
        await request.ReplyAsync(PulseCards.Pause(request.T, request.Person, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)), ct);
    }
}

public sealed class PulseOverviews(InitiativeRepository initiatives, PulseScheduler scheduler, PulseRunRepository runs, PersonZones zones, TimeProvider time)
{
    public async Task<JObject> AdminCardAsync(TurnRequest request, CancellationToken ct)
    {
        var zone = zones.Company;
        var all = await runs.ListAsync(request.TenantId, ct);
        var list = new List<PulseCards.PulseOverview>();
        foreach (var initiative in await initiatives.ListAsync(request.TenantId, ct))
        {
            var settings = await scheduler.SettingsAsync(initiative, ct);
            list.Add(new(initiative, settings, settings.Enabled ? scheduler.NextRuns(settings, initiative, zone, 3) : [],
                all.Where(r => r.InitiativeId == initiative.Id).MaxBy(r => r.CreatedAt)));
        }
        return PulseCards.Admin(request.T, list, zone, time.GetUtcNow());
    }
}

public sealed class PulseAnswerAction(PulseAnswers answers, string verb) : ICardAction
{
    public string Verb => verb;
    public Role RequiredRole => Role.Staff;

    public Task RunAsync(TurnRequest request, JObject data, CancellationToken ct) =>
        verb == PulseCards.AnswerVerb ? answers.SubmitAsync(request, data, ct) : answers.EditAsync(request, data, ct);
}

public sealed class PulsePauseAction(PersonRepository people, TimeProvider time, string verb) : ICardAction
{
    public const int MaxPauseDays = 366;

    public string Verb => verb;
    public Role RequiredRole => Role.Staff;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        DateOnly? until = null;
        if (verb == PulseCards.PauseVerb)
        {
            if (!DateOnly.TryParseExact(data.String("until"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || date < today || date > today.AddDays(MaxPauseDays))
            {
                await request.ReplyAsync(request.T.Format(nameof(Strings.Pulse_PauseDateInvalid), MaxPauseDays), ct);
                return;
            }
            until = date;
        }
        var updated = await people.UpdateAsync(request.TenantId, request.Person.AadObjectId, p => p with { PulsePausedUntil = until }, ct);
        await request.ReplaceSubmittedCardAsync(PulseCards.Pause(request.T, updated ?? request.Person, today), ct);
        await request.ReplyAsync(until is { } u
            ? request.T.Format(nameof(Strings.Pulse_Paused), Formats.Day(request.T, u))
            : request.T[nameof(Strings.Pulse_Resumed)], ct);
    }
}

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

/// <summary>Runs the pulse schedule; every step is safe with several instances (see PulseScheduler).</summary>
public sealed class PulseWorker(PulseScheduler scheduler, IOptionsMonitor<PulseOptions> options, TimeProvider time, ILogger<PulseWorker> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.CheckInterval;

    protected override bool Enabled => options.CurrentValue.RunWorker;

    protected override Task RunOnceAsync(CancellationToken ct) => scheduler.TickAsync(ct);
}

public static class PulseExtensions
{
    public static IHostApplicationBuilder AddPulse(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PulseOptions>().Bind(builder.Configuration.GetSection(PulseOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => IsCron(o.MonthlyReportCron), "Pulse:MonthlyReportCron is not a valid cron expression.")
            .Validate(o => o.CheckInterval > TimeSpan.Zero && o.SummaryGrace >= TimeSpan.Zero, "Pulse intervals must be positive.")
            .ValidateOnStart();
        foreach (var table in new[] { PulseSettingsRepository.TableName, PulseRunRepository.TableName, PulseInvitationRepository.TableName, PulseResponseRepository.TableName, JobMarks.TableName })
        {
            builder.Services.AddTable(table);
        }
        builder.Services.AddSingleton<PulseSettingsRepository>();
        builder.Services.AddSingleton<PulseRunRepository>();
        builder.Services.AddSingleton<PulseInvitationRepository>();
        builder.Services.AddSingleton<PulseResponseRepository>();
        builder.Services.AddSingleton<JobMarks>();
        builder.Services.AddSingleton<PulseKeys>();
        builder.Services.AddSingleton<PersonZones>();
        builder.Services.AddSingleton<PulseScheduler>();
        builder.Services.AddSingleton<PulseAdmin>();
        builder.Services.AddSingleton<PulseOverviews>();
        builder.Services.AddSingleton<PulseAnswers>();
        builder.Services.AddSingleton<TeamsDxBot.Directory.ISignedCardSender, PulseCardSender>();
        builder.Services.AddSingleton<PulseAnswerWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PulseAnswerWriter>());
        builder.Services.AddSingleton<PulseWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PulseWorker>());
        builder.Services.AddSingleton<IChatCommand, PulseCommand>();
        foreach (var verb in new[] { PulseCards.AnswerVerb, PulseCards.EditVerb })
        {
            builder.Services.AddSingleton<ICardAction>(sp => ActivatorUtilities.CreateInstance<PulseAnswerAction>(sp, verb));
        }
        foreach (var verb in new[] { PulseCards.PauseVerb, PulseCards.ResumeVerb })
        {
            builder.Services.AddSingleton<ICardAction>(sp => ActivatorUtilities.CreateInstance<PulsePauseAction>(sp, verb));
        }
        foreach (var verb in new[] { PulseCards.RunNowVerb, PulseCards.SettingsFormVerb, PulseCards.SaveSettingsVerb, PulseCards.QuestionsVerb,
            PulseCards.MoveQuestionVerb, PulseCards.RemoveQuestionVerb, PulseCards.AddQuestionVerb, PulseCards.ResetQuestionsVerb })
        {
            builder.Services.AddSingleton<ICardAction>(sp => ActivatorUtilities.CreateInstance<PulseAdminAction>(sp, verb));
        }
        return builder;
    }

    private static bool IsCron(string cron)
    {
        try
        {
            Cronos.CronExpression.Parse(cron);
            return true;
        }
        catch (Cronos.CronFormatException)
        {
            return false;
        }
    }
}
