using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
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
