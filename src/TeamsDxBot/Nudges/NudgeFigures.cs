using Microsoft.Extensions.Options;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Pulse;

namespace TeamsDxBot.Nudges;

/// <summary>Closed pulse runs of each initiative with their figures, read once per tenant and tick.</summary>
public sealed class NudgeFigures(InitiativeRepository initiatives, PulseRunRepository runs, IOptions<AnonymityOptions> anonymity)
{
    public sealed record InitiativeHistory(Initiative Initiative, IReadOnlyList<RunFigures> Runs);

    public async Task<IReadOnlyList<InitiativeHistory>> LoadAsync(string tenantId, CancellationToken ct)
    {
        var all = await runs.ListAsync(tenantId, ct);
        return (await initiatives.ListAsync(tenantId, ct)).Select(i => new InitiativeHistory(i,
            all.Where(r => r.InitiativeId == i.Id && r.Kind == PulseRunKind.Pulse && r.Summary is not null)
                .OrderBy(r => r.LocalTime).ThenBy(r => r.CreatedAt)
                .Select(r => PulseKpis.Figures(r, r.Summary!, anonymity.Value.Threshold)).ToList())).ToList();
    }

    /// <summary>A department's status after each run, judged on the trend up to that run.</summary>
    public static IReadOnlyList<KpiStatus> StatusByRun(Initiative initiative, IReadOnlyList<RunFigures> history, string department)
    {
        var result = new List<KpiStatus>();
        for (var i = 0; i < history.Count; i++)
        {
            var trend = history.Take(i + 1).Select(h => (h.Run.Date, h.For(department) is { Suppressed: false } f ? f.UseRate : null)).ToList();
            result.Add(PulseKpis.Status(initiative, trend, history[i].Run.Date));
        }
        return result;
    }
}
