using Newtonsoft.Json.Linq;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>Saves the welcome card and the profile card: department and language together, or neither.</summary>
public sealed class SaveProfileAction(DirectoryService directory, DepartmentRepository departments) : ICardAction
{
    public string Verb => DirectoryCards.SaveProfileVerb;
    public Role RequiredRole => Role.Staff;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var departmentId = data.String("departmentId");
        var languageValue = data.String("language");
        var language = languageValue is null ? null : Languages.Match(languageValue);
        if (languageValue is not null && language is null)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Language_Unknown)], ct);
            return;
        }
        var result = await directory.UpdateProfileAsync(request.User, string.IsNullOrEmpty(departmentId) ? null : departmentId, language?.Name, ct);
        if (result != DirectoryResult.Done && result != DirectoryResult.Unchanged)
        {
            await request.ReplyAsync(request.T[DirectoryMessages.For(result)], ct);
            return;
        }
        var person = await directory.GetAsync(request.Person, ct);
        var texts = Texts.For(Languages.Resolve(person.PreferredLanguage, request.Turn.Activity.Locale));
        await request.ReplaceSubmittedCardAsync(DirectoryCards.ProfileSaved(texts, person, await departments.ListAsync(request.TenantId, ct)), ct);
    }
}
