using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Bot;

/// <summary>Shows what this person can do: the commands of every role they hold, nothing more.</summary>
public sealed class HelpCommand(IServiceProvider services, IStartChecklist checklist)
    : ChatCommand("help", nameof(Strings.Command_Help), nameof(Strings.Command_HelpHelp), Role.Staff, 10, "?", "使い方", "menu", "メニュー")
{
    // Resolved lazily: the router itself depends on every command, this one included.
    private CommandRouter Router => services.GetRequiredService<CommandRouter>();

    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        // The start checklist is the promoters'; anyone else typing its word gets this card, so it is not offered to them.
        var commands = Router.AvailableTo(request.User).Where(c => c.Name != "start" || request.User.IsPromoter).ToList();
        // Where the promoter stands with the setup comes first; the commands, asked for, stay last in the chat.
        await checklist.SendIfPromoterAsync(request, ct);
        await request.ReplyAsync(Card(request.T, request.User, commands), ct);
    }

    public static JObject Card(Texts t, UserContext user, IReadOnlyList<IChatCommand> commands)
    {
        var roleKey = user.Has(Role.Promoter) ? nameof(Strings.Help_IntroPromoter)
            : user.Has(Role.Executive) ? nameof(Strings.Help_IntroExecutive)
            : user.Has(Role.KeyUser) ? nameof(Strings.Help_IntroKeyUser)
            : nameof(Strings.Help_IntroStaff);
        return Create(
            [
                Title(t[nameof(Strings.Help_Title)]),
                Text(t[roleKey]),
                Facts(commands.Select(c => (t[c.DisplayKey], t[c.DescriptionKey]))),
                Text(t[nameof(Strings.Help_Footer)], subtle: true),
            ],
            commands.Where(c => c.Name != "help").Take(5)
                .Select(c => Submit(t[c.DisplayKey], CardData.CommandVerb, new { command = c.Name })));
    }
}
