using System.Globalization;
using Newtonsoft.Json.Linq;
using TeamsDxBot.Audit;
using TeamsDxBot.Directory;
using TeamsDxBot.Files;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>
/// The buttons of the measured-usage section: the named lists (never started, lapsed) and the CSV
/// downloads. What the presser may see is worked out again from their roles now, not from the card:
/// a card forwarded, or kept after a role was removed, shows nothing more than its presser may see.
/// </summary>
public sealed class UsageReportActions(
    InitiativeRepository initiatives,
    UsageReports reports,
    IUsageFigures figures,
    PersonRepository people,
    DepartmentRepository departments,
    FileStore files,
    IAuditLog audit,
    ILogger<UsageReportActions> logger) : ICardVerbs
{
    // Staff here and the real check below: promoters, executives and key users may press, each seeing their own part.
    public IReadOnlyList<CardVerb> Verbs =>
    [
        new(UsageReportCards.NamesVerb, Role.Staff, NamesAsync),
        new(UsageReportCards.CsvVerb, Role.Staff, CsvAsync),
    ];

    private async Task NamesAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        if (await OpenAsync(request, data, names: true, ct) is not { } opened)
        {
            return;
        }
        var (initiative, audience, overview) = opened;
        var rows = await NamedAsync(request, initiative, overview, audience, ct);
        var groups = rows.GroupBy(r => r.Department).Select(g => new NamedGroup(g.Key,
            g.Where(r => r.Standing == UsageStanding.NeverStarted).Select(r => new NamedPerson(r.Name, null)).ToList(),
            g.Where(r => r.Standing == UsageStanding.Lapsed).Select(r => new NamedPerson(r.Name, r.LastActive)).ToList())).ToList();
        // A key user's own department is named even when nobody is on its lists: "nobody" is an answer too.
        var names = await DepartmentNamesAsync(request, ct);
        foreach (var id in audience.NameDepartments.Where(d => overview.Groups.Any(g => g.DepartmentId == d)))
        {
            var name = names.GetValueOrDefault(id, id);
            if (groups.All(g => g.Department != name))
            {
                groups.Add(new NamedGroup(name, [], []));
            }
        }
        await request.ReplyAsync(UsageReportCards.Names(request.T, initiative, overview.AsOf, groups), ct);
    }

    private async Task CsvAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var kind = data.String("kind");
        if (kind is not (UsageReportCards.FiguresCsv or UsageReportCards.PeopleCsv))
        {
            await request.ReplyAsync(request.T[nameof(Strings.Error_CardOutdated)], ct);
            return;
        }
        var named = kind == UsageReportCards.PeopleCsv;
        if (await OpenAsync(request, data, named, ct) is not { } opened)
        {
            return;
        }
        var (initiative, audience, overview) = opened;
        var t = request.T;
        byte[] bytes;
        int count;
        if (named)
        {
            var rows = await NamedAsync(request, initiative, overview, audience, ct);
            (bytes, count) = (UsageCsv.People(t, overview.AsOf, rows), rows.Count);
        }
        else
        {
            var names = await DepartmentNamesAsync(request, ct);
            var groups = overview.Groups.Where(g => audience.Sees(g.DepartmentId) && (g.DepartmentId is null || g.Weeks.LastOrDefault()?.Headcount > 0))
                .Select(g => (g.DepartmentId is null ? t[nameof(Strings.Report_Company)] : names.GetValueOrDefault(g.DepartmentId, g.DepartmentId), g)).ToList();
            (bytes, count) = (UsageCsv.Figures(t, groups), groups.Sum(g => g.g.Weeks.Count));
        }
        var file = $"usage-{(named ? "people" : "figures")}-{overview.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";
        var link = await files.PublishAsync(request.TenantId, file, "text/csv; charset=utf-8", bytes, ct);
        await audit.RecordAsync(request.User, AuditAction.CsvExported, $"usage {kind} {initiative.Id} ({count})", ct);
        await request.ReplyAsync(UsageReportCards.CsvReady(t, link, count), ct);
    }

    /// <summary>The initiative and the presser's view of it, or null after telling them why not.</summary>
    private async Task<(Initiative, UsageReportAudience, UsageOverview)?> OpenAsync(TurnRequest request, JObject data, bool names, CancellationToken ct)
    {
        var audience = reports.AudienceFor(request.User.Roles, request.Person);
        if (audience is null || (names && !audience.AnyNames))
        {
            logger.LogWarning("Refused measured usage {What} to {Person}", names ? "names" : "figures", request.Person.AadObjectId);
            await request.ReplyAsync(request.T[nameof(Strings.Error_NotAllowed)], ct);
            return null;
        }
        var initiative = data.String("initiativeId") is { Length: > 0 } id ? await initiatives.GetAsync(request.TenantId, id, ct) : null;
        if (initiative is null)
        {
            await request.ReplyAsync(request.T[nameof(Strings.Error_CardOutdated)], ct);
            return null;
        }
        if (await reports.OverviewAsync(initiative, ct) is not { } overview)
        {
            await request.ReplyAsync(UsageReportCards.Nothing(request.T, initiative), ct);
            return null;
        }
        return (initiative, audience, overview);
    }

    /// <summary>Who never started or lapsed in the newest week, where the presser may see names: by department (directory order), then name.</summary>
    private async Task<IReadOnlyList<NamedRow>> NamedAsync(TurnRequest request, Initiative initiative, UsageOverview overview, UsageReportAudience audience, CancellationToken ct)
    {
        var t = request.T;
        var standings = await figures.PeopleAsync(initiative, null, overview.AsOf, ct);
        var everyone = (await people.ListAsync(request.TenantId, ct)).ToDictionary(p => p.AadObjectId, StringComparer.Ordinal);
        var names = await DepartmentNamesAsync(request, ct);
        var order = overview.Groups.Select((g, i) => (g.DepartmentId, i)).Where(x => x.DepartmentId is not null).ToDictionary(x => x.DepartmentId!, x => x.i);
        var compare = StringComparer.Create(t.Culture, ignoreCase: false);
        return standings
            .Where(s => s.Standing is UsageStanding.NeverStarted or UsageStanding.Lapsed && audience.SeesNamesIn(s.DepartmentId))
            .Select(s => (s, Person: everyone.GetValueOrDefault(s.PersonId)))
            .OrderBy(x => x.s.DepartmentId is { } d ? order.GetValueOrDefault(d, int.MaxValue - 1) : int.MaxValue)
            .ThenBy(x => x.Person?.DisplayName ?? x.s.PersonId, compare)
            .Select(x => new NamedRow(
                x.s.DepartmentId is { } d ? names.GetValueOrDefault(d, d) : t[nameof(Strings.Report_NoDepartment)],
                x.Person?.DisplayName ?? x.s.PersonId, x.Person?.Email, x.s.Standing, x.s.LastActive, x.s.ActiveWeeksOfLast4))
            .ToList();
    }

    private async Task<Dictionary<string, string>> DepartmentNamesAsync(TurnRequest request, CancellationToken ct) =>
        (await departments.ListAsync(request.TenantId, ct)).ToDictionary(d => d.Id, d => d.Name);
}
