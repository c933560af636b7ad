using TeamsDxBot.Initiatives;
using TeamsDxBot.Reports;

namespace TeamsDxBot.Metrics;

/// <summary>The tool's figures for the week a report covers: the company row, or the departments' rows added up.</summary>
public sealed class MeasuredFiguresSource(ToolMetricsRepository metrics) : IMeasuredFigures
{
    public async Task<MeasuredFigures?> GetAsync(Initiative initiative, DateOnly week, string? departmentId, CancellationToken ct)
    {
        var rows = (await metrics.ListAsync(initiative.TenantId, initiative.Id, ct)).Where(m => m.WeekStart == week).ToList();
        if (departmentId is not null)
        {
            return rows.FirstOrDefault(m => m.DepartmentId == departmentId) is { } d ? new MeasuredFigures(week, d.ActiveUsers, d.InputCompletionRate, d.ErrorCount, null) : null;
        }
        if (rows.FirstOrDefault(m => m.DepartmentId is null) is { } company)
        {
            return new MeasuredFigures(week, company.ActiveUsers, company.InputCompletionRate, company.ErrorCount, null);
        }
        if (rows.Count == 0)
        {
            return null;
        }
        // Completion rates of departments are averaged weighted by their active users when known.
        var rated = rows.Where(r => r.InputCompletionRate is not null).ToList();
        var weight = rated.Sum(r => r.ActiveUsers ?? 0);
        double? completion = rated.Count == 0 ? null
            : weight > 0 ? rated.Sum(r => r.InputCompletionRate!.Value * (r.ActiveUsers ?? 0)) / weight
            : rated.Average(r => r.InputCompletionRate!.Value);
        return new MeasuredFigures(week,
            rows.Any(r => r.ActiveUsers is not null) ? rows.Sum(r => r.ActiveUsers ?? 0) : null,
            completion,
            rows.Any(r => r.ErrorCount is not null) ? rows.Sum(r => r.ErrorCount ?? 0) : null,
            null);
    }
}
