using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Bot;

/// <summary>
/// Shows what this person can do: the commands of every role they hold, nothing more, in the order the
/// programme runs (set up → run → follow up → review), each with its button.
/// </summary>
public sealed class HelpCommand(IServiceProvider services, IStartChecklist checklist)
    : ChatCommand("help", nameof(Strings.Command_Help), nameof(Strings.Command_HelpHelp), Role.Staff, 10, "?", "使い方", "menu", "メニュー")
{
    /// <summary>Teams shows at most a handful of buttons side by side; longer stages wrap into another row.</summary>
    private const int ButtonsPerRow = 5;

    private enum Stage
    {
        SetUp,
        Run,
        FollowUp,
        Review,
        Other,
    }

    /// <summary>Where each command belongs in the programme's workflow; a command not named here is listed last.</summary>
    private static readonly Dictionary<string, Stage> Stages = new(StringComparer.Ordinal)
    {
        ["start"] = Stage.SetUp,
        ["profile"] = Stage.SetUp,
        ["language"] = Stage.SetUp,
        ["departments"] = Stage.SetUp,
        ["roles"] = Stage.SetUp,
        ["import"] = Stage.SetUp,
        ["initiatives"] = Stage.SetUp,
        ["pulse"] = Stage.Run,
        ["broadcasts"] = Stage.Run,
        ["ask"] = Stage.Run,
        ["faq"] = Stage.Run,
        ["metrics"] = Stage.Run,
        ["import-usage"] = Stage.Run,
        ["questions"] = Stage.FollowUp,
        ["nudges"] = Stage.FollowUp,
        ["follow-up"] = Stage.FollowUp,
        ["report"] = Stage.Review,
        ["usage"] = Stage.Review,
        ["improvements"] = Stage.Review,
        ["audit"] = Stage.Review,
        ["person"] = Stage.Review,
    };

    private static readonly Dictionary<Stage, string> StageKeys = new()
    {
        [Stage.SetUp] = nameof(Strings.Help_StageSetUp),
        [Stage.Run] = nameof(Strings.Help_StageRun),
        [Stage.FollowUp] = nameof(Strings.Help_StageFollowUp),
        [Stage.Review] = nameof(Strings.Help_StageReview),
        [Stage.Other] = nameof(Strings.Help_StageOther),
    };

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

    /// <param name="commands">Only those this person may run: every button shown is one they can press.</param>
    public static JObject Card(Texts t, UserContext user, IReadOnlyList<IChatCommand> commands)
    {
        var roleKey = user.Has(Role.Promoter) ? nameof(Strings.Help_IntroPromoter)
            : user.Has(Role.Executive) ? nameof(Strings.Help_IntroExecutive)
            : user.Has(Role.KeyUser) ? nameof(Strings.Help_IntroKeyUser)
            : nameof(Strings.Help_IntroStaff);
        var body = new List<JToken?> { Title(t[nameof(Strings.Help_Title)]), Text(t[roleKey]) };
        var stages = commands.Where(c => c.Name != "help")
            .GroupBy(c => Stages.GetValueOrDefault(c.Name, Stage.Other))
            .OrderBy(g => g.Key);
        var number = 0;
        foreach (var stage in stages)
        {
            var list = stage.ToList();
            body.Add(Container(
            [
                // "1\." keeps the number as written: "1. " would start a markdown list and lose it.
                Heading($"{++number}\\. {t[StageKeys[stage.Key]]}"),
                Facts(list.Select(c => (t[c.DisplayKey], t[c.DescriptionKey]))),
                .. list.Chunk(ButtonsPerRow).Select(row => ActionSet(row.Select(c => Submit(t[c.DisplayKey], CardData.CommandVerb, new { command = c.Name })))),
            ], separator: true));
        }
        body.Add(Text(t[nameof(Strings.Help_Footer)], subtle: true));
        return Create(body);
    }
}
