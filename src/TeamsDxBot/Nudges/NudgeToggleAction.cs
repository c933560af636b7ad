using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Nudges;

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
