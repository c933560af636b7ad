using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

public sealed class LanguageCommand(DirectoryService directory)
    : ChatCommand("language", nameof(Strings.Command_Language), nameof(Strings.Command_LanguageHelp), Role.Staff, 30, "lang")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        if (arguments.Length == 0)
        {
            await request.ReplyAsync(DirectoryCards.Language(request.T), ct);
            return;
        }
        var culture = arguments.Trim().ToLowerInvariant() switch
        {
            "日本語" or "japanese" or "jp" => Languages.Japanese,
            "英語" or "english" => Languages.English,
            var other => Languages.Match(other),
        };
        if (culture is null)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Language_Unknown)], ct);
            return;
        }
        await directory.SetLanguageAsync(request.Person, culture.Name, ct);
        await request.ReplyAsync(Texts.For(culture)[nameof(Strings.Language_Changed)], ct);
    }
}
