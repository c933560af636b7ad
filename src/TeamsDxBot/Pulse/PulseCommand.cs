using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Pulse;

/// <summary>
/// <c>pulse</c>: everyone sees the surveys they can still answer or change, and can pause and resume their
/// surveys; promoters also see and run each initiative's pulse.
/// </summary>
public sealed class PulseCommand(PulseOverviews overviews, PulseOpenSurveys open, PersonZones zones, TimeProvider time)
    : ChatCommand("pulse", nameof(Strings.Command_Pulse), nameof(Strings.Command_PulseHelp), Role.Staff, 30, "survey", "pulses")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        if (request.User.IsPromoter)
        {
            await request.ReplyAsync(await overviews.AdminCardAsync(request, ct), ct);
        }
        await request.ReplyAsync(PulseCards.Pause(request.T, request.Person, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime),
            await open.ForAsync(request.Person, ct), await zones.OfAsync(request.Person, ct)), ct);
    }
}
