using Newtonsoft.Json.Linq;
using TeamsDxBot.Audit;
using TeamsDxBot.Directory;
using TeamsDxBot.Files;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Privacy;

/// <summary><c>person</c> / <c>個人データ &lt;email&gt;</c>: a promoter opens one person's stored data to export or delete it.</summary>
public sealed class PersonDataCommand(DirectoryService directory, Access access)
    : ChatCommand("person", nameof(Strings.Command_PersonData), nameof(Strings.Command_PersonDataHelp), Role.Promoter, 96, "persondata")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct)
    {
        if (await PersonCards.FindOneAsync(request, directory, arguments, ct) is { } person)
        {
            await request.ReplyAsync(PersonCards.Person(request.T, person, access), ct);
        }
    }
}

public sealed class PersonDataAction(string verb, DirectoryService directory, PersonData data, FileStore files, IAuditLog audit) : ICardAction
{
    public string Verb => verb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject input, CancellationToken ct)
    {
        var t = request.T;
        var id = input.String("person") ?? "";
        var person = await directory.FindAsync(request.TenantId, id, ct) is [var found] && found.AadObjectId == id ? found : null;
        if (person is null && !(verb == PersonCards.DeleteVerb && id.Length > 0 && await data.IsDeletingAsync(request.TenantId, id, ct)))
        {
            await request.ReplyAsync(t.Format(nameof(Strings.Roles_NoMatch), id), ct);
            return;
        }
        if (verb == PersonCards.ExportVerb)
        {
            var json = await data.ExportAsync(request.TenantId, id, ct);
            var link = await files.PublishAsync(request.TenantId, $"person-{id}.json", "application/json; charset=utf-8", json, ct);
            await audit.RecordAsync(request.User, AuditAction.PersonExported, person!.Email ?? person.DisplayName, ct, id);
            await request.ReplyAsync(PersonCards.Exported(t, person.DisplayName, link), ct);
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
}

public static class PersonCards
{
    public const string ExportVerb = "person.export";
    public const string DeleteVerb = "person.delete";

    public static async Task<Person?> FindOneAsync(TurnRequest request, DirectoryService directory, string query, CancellationToken ct)
    {
        var t = request.T;
        if (query.Trim().Length == 0)
        {
            await request.ReplyAsync(t[nameof(Strings.Person_Usage)], ct);
            return null;
        }
        var matches = await directory.FindAsync(request.TenantId, query, ct);
        if (matches.Count != 1)
        {
            await request.ReplyAsync(matches.Count == 0
                ? t.Format(nameof(Strings.Roles_NoMatch), query)
                : t.Format(nameof(Strings.Roles_SeveralMatch), string.Join(", ", matches.Select(m => m.Email ?? m.AadObjectId))), ct);
            return null;
        }
        return matches[0];
    }

    public static JObject Person(Texts t, Person p, Access access) => Create(
        [
            Title(t.Format(nameof(Strings.Person_Title), p.DisplayName)),
            Facts(
            [
                (t[nameof(Strings.Person_Email)], p.Email ?? "-"),
                (t[nameof(Strings.Person_Roles)], string.Join(", ", access.RolesOf(p).Select(r => r.ToString()).Order())),
                (t[nameof(Strings.Person_FirstSeen)], p.FirstSeen.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            ]),
            Text(t[nameof(Strings.Person_Explain)], subtle: true),
        ],
        [
            Submit(t[nameof(Strings.Person_Export)], ExportVerb, new { person = p.AadObjectId }),
            Submit(t[nameof(Strings.Person_Delete)], DeleteVerb, new { person = p.AadObjectId }, style: "destructive"),
        ]);

    public static JObject ConfirmDelete(Texts t, Person p) => Create(
        [Text(t.Format(nameof(Strings.Person_ConfirmDelete), p.DisplayName), weight: "Bolder", color: "Attention")],
        [Submit(t[nameof(Strings.Person_DeleteConfirmed)], DeleteVerb, new { person = p.AadObjectId, confirmed = "true" }, style: "destructive")]);

    public static JObject Exported(Texts t, string name, Uri link) => Create(
        [Text(t.Format(nameof(Strings.Person_Exported), name))],
        [new JObject { ["type"] = "Action.OpenUrl", ["title"] = t[nameof(Strings.Person_Download)], ["url"] = link.ToString() }]);
}
