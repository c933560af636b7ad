using Microsoft.Extensions.Options;
using TeamsDxBot.Directory;
using TeamsDxBot.Localization;
using TeamsDxBot.Questions;

namespace TeamsDxBot.Pulse;

/// <summary>Each person's own clock: their Teams time zone, else their department's, else the company's.</summary>
public sealed class PulseZones(IOptions<QuestionOptions> company, DepartmentRepository departments)
{
    public TimeZoneInfo Company => TimeZoneInfo.FindSystemTimeZoneById(company.Value.TimeZone);

    public TimeZoneInfo Of(Person person, IReadOnlyDictionary<string, Department> departments) =>
        Find(person.TimeZone)
        ?? (person.DepartmentId is { } d && departments.TryGetValue(d, out var department) ? Find(department.TimeZone) : null)
        ?? Company;

    /// <summary>The same, reading the departments only when the person's own zone is not known.</summary>
    public async Task<TimeZoneInfo> OfAsync(Person person, CancellationToken ct) =>
        Find(person.TimeZone) is { } own ? own
        : person.DepartmentId is { } d && await departments.GetAsync(person.TenantId, d, ct) is { } department ? Find(department.TimeZone) ?? Company
        : Company;

    public BusinessHours Hours(TimeZoneInfo zone) => company.Value.Hours() with { Zone = zone };

    /// <summary>The instant a wall-clock time happens in a zone; a time skipped by a daylight-saving change moves on by the gap.</summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(wall))
        {
            wall = wall.AddMinutes(30);
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(wall, zone), TimeSpan.Zero);
    }

    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    public static TimeZoneInfo? Find(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;
}
