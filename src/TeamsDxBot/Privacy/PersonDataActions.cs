using Newtonsoft.Json.Linq;
using TeamsDxBot.Audit;
using TeamsDxBot.Directory;
using TeamsDxBot.Files;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Privacy;

/// <summary>A promoter exports everything stored about a person, or deletes it (after confirming).</summary>
public sealed class PersonDataActions(DirectoryService directory, PersonData data, FileStore files, IAuditLog audit) : ICardVerbs
{
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(PersonCards.ExportVerb, Role.Promoter, ExportAsync),
        new(PersonCards.DeleteVerb, Role.Promoter, DeleteAsync),
    ];

    private async Task ExportAsync(TurnRequest request, JObject input, CancellationToken ct)
    {
        var id = input.String("person") ?? "";
        if (await FindAsync(request, id, ct) is not { } person)
        {
            await request.ReplyAsync(request.T.Format(nameof(Strings.Roles_NoMatch), id), ct);
            return;
        }
        var json = await data.ExportAsync(request.TenantId, id, ct);
        var link = await files.PublishAsync(request.TenantId, $"person-{id}.json", "application/json; charset=utf-8", json, ct);
        await audit.RecordAsync(request.User, AuditAction.PersonExported, person.Email ?? person.DisplayName, ct, id);
        await request.ReplyAsync(PersonCards.Exported(request.T, person.DisplayName, link), ct);
    }

    private async Task DeleteAsync(TurnRequest request, JObject input, CancellationToken ct)
    {
        var t = request.T;
        var id = input.String("person") ?? "";
        var person = await FindAsync(request, id, ct);
        if (person is null && !(id.Length > 0 && await data.IsDeletingAsync(request.TenantId, id, ct)))
        {
            await request.ReplyAsync(t.Format(nameof(Strings.Roles_NoMatch), id), ct);
            return;
        }
        // Without the person's row the deletion was confirmed before and cut short: it only finishes.
        if (input.String("confirmed") != "true" && person is not null)
        {
            await request.ReplyAsync(PersonCards.ConfirmDelete(t, person), ct);
            return;
        }
        if (id == request.Person.AadObjectId)
        {
            await request.ReplyAsync(t[nameof(Strings.Person_NotYourself)], ct);
            return;
        }
        await data.DeleteAsync(request.TenantId, id, ct);
        // The entry names no one: the person's name and id are what was just deleted.
        await audit.RecordAsync(request.User, AuditAction.PersonDeleted, PersonData.Placeholder, ct);
        await request.ReplaceSubmittedCardAsync(Create([Text(t[nameof(Strings.Person_Deleted)])]), ct);
    }

    /// <summary>The person the card names by object id, exactly.</summary>
    private async Task<Person?> FindAsync(TurnRequest request, string id, CancellationToken ct) =>
        await directory.FindAsync(request.TenantId, id, ct) is [var found] && found.AadObjectId == id ? found : null;
}
