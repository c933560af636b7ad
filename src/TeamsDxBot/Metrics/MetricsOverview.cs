using Newtonsoft.Json.Linq;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Metrics;

/// <summary>Reads what the metrics card shows: recent weeks per initiative and the active keys (ids only).</summary>
public sealed class MetricsOverview(InitiativeService initiatives, ToolMetricsRepository metrics, ApiKeyService keys, DepartmentRepository departments)
{
    public async Task<JObject> CardAsync(TurnRequest request, CancellationToken ct)
    {
        var tenantId = request.TenantId;
        var list = await initiatives.ListAsync(tenantId, ct);
        var active = await keys.ListActiveAsync(tenantId, ct);
        var figures = new List<InitiativeFigures>();
        foreach (var initiative in list)
        {
            var all = await metrics.ListAsync(tenantId, initiative.Id, ct);
            var weeks = all.Select(m => m.WeekStart).Distinct().OrderDescending().Take(MetricsCards.RecentWeeks).ToHashSet();
            figures.Add(new InitiativeFigures(initiative, all.Where(m => weeks.Contains(m.WeekStart)).ToList(),
                active.Where(k => k.InitiativeId == initiative.Id).ToList()));
        }
        return MetricsCards.Overview(request.T, figures, await DepartmentNamesAsync(request, departments, ct));
    }

    public static async Task<Func<string?, string>> DepartmentNamesAsync(TurnRequest request, DepartmentRepository departments, CancellationToken ct)
    {
        var names = (await departments.ListAsync(request.TenantId, ct)).ToDictionary(d => d.Id, d => d.Name);
        var company = request.T[nameof(Strings.Metrics_Company)];
        return id => id is null ? company : names.GetValueOrDefault(id, id);
    }
}
