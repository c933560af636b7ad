using Newtonsoft.Json.Linq;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

public sealed class SetLanguageAction(DirectoryService directory) : ICardAction
{
    public string Verb => DirectoryCards.SetLanguageVerb;
    public Role RequiredRole => Role.Staff;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var culture = Languages.Match(data.String("language"));
        if (culture is null)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Language_Unknown)], ct);
            return;
        }
        await directory.SetLanguageAsync(request.Person, culture.Name, ct);
        await request.ReplaceSubmittedCardAsync(Cards.AdaptiveCard.Create([Cards.AdaptiveCard.Text(Texts.For(culture)[nameof(Strings.Language_Changed)])]), ct);
    }
}
