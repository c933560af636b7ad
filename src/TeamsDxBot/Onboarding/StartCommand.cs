using TeamsDxBot.Directory;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Onboarding;

/// <summary>
/// 「はじめに」 / "get started": the promoter's checklist. Anyone may type it; whoever is not a promoter
/// gets their own help instead, since that is where they start.
/// </summary>
public sealed class StartCommand(IStartChecklist checklist, IServiceProvider services)
    : ChatCommand("start", nameof(Strings.Command_Start), nameof(Strings.Command_StartHelp), Role.Staff, 12, "getstarted", "get-started", "始め方")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        if (await checklist.SendIfPromoterAsync(request, ct))
        {
            return;
        }
        // Resolved lazily: the help command lists every command, this one included.
        var help = services.GetServices<IChatCommand>().FirstOrDefault(c => c.Name == "help");
        if (help is not null && !request.User.IsPromoter)
        {
            await help.RunAsync(request, "", ct);
        }
    }
}
