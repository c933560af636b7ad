using Newtonsoft.Json.Linq;
using TeamsDxBot.Audit;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;
using static TeamsDxBot.Cards.AdaptiveCard;

namespace TeamsDxBot.Directory;

/// <summary><c>audit</c> / <c>監査ログ</c>: the newest privileged actions, for promoters.</summary>
public sealed class AuditCommand(AuditViews views)
    : ChatCommand("audit", nameof(Strings.Command_Audit), nameof(Strings.Command_AuditHelp), Role.Promoter, 95, "auditlog")
{
    public override async Task RunAsync(TurnRequest request, string arguments, CancellationToken ct) =>
        await request.ReplyAsync(await views.PageAsync(request, null, ct), ct);
}

/// <summary>The "more" button: the next older page, as a new card so the one read stays in the chat.</summary>
public sealed class AuditMoreAction(AuditViews views) : ICardAction
{
    public string Verb => AuditCards.MoreVerb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var after = data.String("after");
        if (string.IsNullOrEmpty(after) || after.Length > 60)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Error_CardOutdated)], ct);
            return;
        }
        await request.ReplyAsync(await views.PageAsync(request, after, ct), ct);
    }
}

public sealed class AuditViews(IAuditLog log, PersonZones zones)
{
    public const int PageSize = 20;

    public async Task<JObject> PageAsync(TurnRequest request, string? after, CancellationToken ct)
    {
        var page = await log.ReadAsync(request.TenantId, after, PageSize, ct);
        return AuditCards.Page(request.T, page, await zones.OfAsync(request.Person, ct), after is not null);
    }
}

public static class AuditCards
{
    public const string MoreVerb = "audit.more";

    /// <param name="zone">The reader's own clock: the times name no zone.</param>
    public static JObject Page(Texts t, AuditPage page, TimeZoneInfo zone, bool older) => Create(
        [
            Title(t[older ? nameof(Strings.Audit_TitleOlder) : nameof(Strings.Audit_Title)]),
            page.Entries.Count == 0 ? Text(t[nameof(Strings.Audit_Empty)]) : null,
            .. page.Entries.Select(e => (JToken?)Text(t.Format(nameof(Strings.Audit_Entry),
                Formats.When(t, e.At, zone),
                EscapeMarkdown(e.ActorName), ActionName(t, e.Action), EscapeMarkdown(e.Target)))),
        ],
        page.Next is null ? null : [Submit(t[nameof(Strings.Audit_More)], MoreVerb, new { after = page.Next })]);

    /// <summary>The localized name of an action code; a code this version does not know shows as stored.</summary>
    public static string ActionName(Texts t, string code) =>
        Enum.TryParse<AuditAction>(code, out var action) && Enum.IsDefined(action) ? t["Audit_Action_" + action] : code;
}
