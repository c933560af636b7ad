using TeamsDxBot.Initiatives;

namespace TeamsDxBot.Reports;

/// <summary>The tool's own weekly numbers (from its admin screen or its API), beside what people said.</summary>
public sealed record MeasuredFigures(DateOnly Week, int? ActiveUsers, double? InputCompletionRate, int? ErrorCount, int? Headcount);

/// <summary>Where the tool's measured figures come from (the metrics feature registers one).</summary>
public interface IMeasuredFigures
{
    Task<MeasuredFigures?> GetAsync(Initiative initiative, DateOnly week, string? departmentId, CancellationToken ct);
}
