using Newtonsoft.Json.Linq;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary><c>broadcasts</c> / お知らせ: key users, promoters and executives see their drafts, schedules and reports, and compose.</summary>
public sealed class BroadcastsCommand(BroadcastViews views)
    : ChatCommand("broadcasts", nameof(Strings.Command_Broadcasts), nameof(Strings.Command_BroadcastsHelp), Role.KeyUser, 47, "broadcast", "announcements")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(await views.ListAsync(request, ct), ct);
}
