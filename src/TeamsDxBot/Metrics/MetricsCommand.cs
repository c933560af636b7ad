using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Metrics;

public sealed class MetricsCommand(MetricsOverview overview)
    : ChatCommand("metrics", nameof(Strings.Command_Metrics), nameof(Strings.Command_MetricsHelp), Role.Promoter, 65)
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(await overview.CardAsync(request, ct), ct);
}
