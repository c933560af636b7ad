using Newtonsoft.Json.Linq;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

public sealed class ProfileCommand(DepartmentRepository departments)
    : ChatCommand("profile", nameof(Strings.Command_Profile), nameof(Strings.Command_ProfileHelp), Role.Staff, 20)
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        var list = await departments.ListAsync(request.TenantId, ct);
        await request.ReplyAsync(DirectoryCards.Profile(request.T, request.Person, request.User.Roles, list), ct);
    }
}

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

/// <summary>One place that turns a directory outcome into the sentence the person reads.</summary>
public static class DirectoryMessages
{
    public static string For(DirectoryResult result) => result switch
    {
        DirectoryResult.Done => nameof(Strings.Common_Done),
        DirectoryResult.Unchanged => nameof(Strings.Common_Unchanged),
        DirectoryResult.NotAllowed => nameof(Strings.Error_NotAllowed),
        DirectoryResult.PersonNotFound => nameof(Strings.Directory_PersonNotFound),
        DirectoryResult.DepartmentNotFound => nameof(Strings.Directory_DepartmentNotFound),
        DirectoryResult.DepartmentArchived => nameof(Strings.Directory_DepartmentArchived),
        DirectoryResult.DepartmentRequired => nameof(Strings.Directory_DepartmentRequired),
        DirectoryResult.BootstrapAdmin => nameof(Strings.Directory_BootstrapAdmin),
        DirectoryResult.LastPromoter => nameof(Strings.Directory_LastPromoter),
        _ => nameof(Strings.Error_Unexpected),
    };

    public static string For(DepartmentChange result) => result switch
    {
        DepartmentChange.Done => nameof(Strings.Common_Done),
        DepartmentChange.NotFound => nameof(Strings.Directory_DepartmentNotFound),
        DepartmentChange.DuplicateName => nameof(Strings.Department_DuplicateName),
        DepartmentChange.Conflict => nameof(Strings.Common_ChangedMeanwhile),
        _ => nameof(Strings.Error_Unexpected),
    };
}
