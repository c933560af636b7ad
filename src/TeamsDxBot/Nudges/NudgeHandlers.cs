using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

/// <summary><c>nudges</c>: the promoter sees who was nudged by which rule lately, and switches rules on and off.</summary>
public sealed class NudgesCommand(NudgeEngine engine, NudgeLog log, NudgeSwitches switches, PersonZones zones, TimeProvider time)
    : ChatCommand("nudges", nameof(Strings.Command_Nudges), nameof(Strings.Command_NudgesHelp), Role.Promoter, 50, "nudge")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(await CardAsync(request, engine, log, switches, zones, time, ct), ct);

    public static async Task<JObject> CardAsync(TurnRequest request, NudgeEngine engine, NudgeLog log, NudgeSwitches switches, PersonZones zones, TimeProvider time, CancellationToken ct)
    {
        var recent = await log.RecentAsync(request.TenantId, time.GetUtcNow().AddDays(-30), int.MaxValue, ct);
        var zone = await zones.OfAsync(request.Person, ct);
        return NudgeCards.Log(request.T, recent, engine.RuleKeys, await switches.OffAsync(request.TenantId, ct), at => Formats.When(request.T, at, zone));
    }
}

public sealed class NudgeToggleAction(NudgeEngine engine, NudgeLog log, NudgeSwitches switches, PersonZones zones, TimeProvider time) : ICardAction
{
    public string Verb => NudgeCards.ToggleVerb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var rule = data.String("rule");
        if (rule is null || !engine.RuleKeys.Contains(rule) || data.String("enabled") is not ("true" or "false"))
        {
            await request.ReplyAsync(request.T[nameof(Strings.Error_CardOutdated)], ct);
            return;
        }
        var enabled = data.String("enabled") == "true";
        await switches.SetAsync(request.TenantId, rule, enabled, request.Person.AadObjectId, time.GetUtcNow(), ct);
        await request.ReplaceSubmittedCardAsync(await NudgesCommand.CardAsync(request, engine, log, switches, zones, time, ct), ct);
        await request.ReplyAsync(request.T.Format(enabled ? nameof(Strings.Nudge_TurnedOn) : nameof(Strings.Nudge_TurnedOff), NudgeCards.RuleName(request.T, rule)), ct);
    }
}

/// <summary>"Skip this month": the ready draft is dropped too, so skipped months leave nothing in <c>broadcasts</c>.</summary>
public sealed class NudgeSkipAction(IEnumerable<IBroadcastDrafts> drafts) : ICardAction
{
    public string Verb => NudgeCards.SkipVerb;
    public Role RequiredRole => Role.Staff;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (drafts.FirstOrDefault() is { } broadcasts && data.String("broadcastId") is { Length: > 0 } id)
        {
            await broadcasts.DiscardDraftAsync(request.User, id, ct);
        }
        await request.ReplaceSubmittedCardAsync(NudgeCards.Skipped(request.T), ct);
    }
}

public static class NudgesExtensions
{
    public static IHostApplicationBuilder AddNudges(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NudgeOptions>().Bind(builder.Configuration.GetSection(NudgeOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.CheckInterval > TimeSpan.Zero && o.ExecutiveSilence > TimeSpan.Zero, "Nudges intervals must be positive.")
            .ValidateOnStart();
        builder.Services.AddTable(NudgeLog.TableName).AddTable(NudgeCaps.TableName).AddTable(NudgeSwitches.TableName);
        builder.Services.AddSingleton<NudgeLog>();
        builder.Services.AddSingleton<NudgeCaps>();
        builder.Services.AddSingleton<NudgeSwitches>();
        builder.Services.AddSingleton<NudgeFigures>();
        builder.Services.AddSingleton<INudgeRule, ExecutiveRhythmRule>();
        builder.Services.AddSingleton<INudgeRule, ExecutiveSilenceRule>();
        builder.Services.AddSingleton<INudgeRule, DepartmentAtRiskRule>();
        builder.Services.AddSingleton<INudgeRule, NotUsingRule>();
        builder.Services.AddSingleton<INudgeRule, OverdueQuestionsRule>();
        builder.Services.AddSingleton<INudgeRule, UnansweredEscalationsRule>();
        builder.Services.AddSingleton<NudgeEngine>();
        builder.Services.AddHostedService<NudgeWorker>();
        builder.Services.AddSingleton<IChatCommand, NudgesCommand>();
        builder.Services.AddSingleton<ICardAction, NudgeToggleAction>();
        builder.Services.AddSingleton<ICardAction, NudgeSkipAction>();
        return builder;
    }
}
