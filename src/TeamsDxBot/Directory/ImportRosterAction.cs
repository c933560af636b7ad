using Newtonsoft.Json.Linq;
using TeamsDxBot.Audit;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

public sealed class ImportRosterAction(RosterImport import, DepartmentRepository departments, IAuditLog audit) : ICardAction
{
    public string Verb => DirectoryCards.ImportRosterVerb;
    public Role RequiredRole => Role.Promoter;

    public async Task RunAsync(TurnRequest request, JObject data, CancellationToken ct)
    {
        var csv = data.String("csv");
        var result = await import.ImportAsync(request.User, csv, ct);
        if (result.Applied)
        {
            // A count, not names: a row naming people could not be cleared when one of them is deleted.
            await audit.RecordAsync(request.User, AuditAction.RosterImported, result.Changes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        }
        // On failure the problems come with the form filled in again, so the promoter fixes and resends.
        await request.ReplyAsync(result.Applied
            ? DirectoryCards.RosterApplied(request.T, result, await departments.ListAsync(request.TenantId, ct))
            : DirectoryCards.RosterProblems(request.T, result.Problems, csv), ct);
    }
}
