using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Privacy;

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
