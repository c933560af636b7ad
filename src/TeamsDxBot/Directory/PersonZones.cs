using TeamsDxBot.Calendar;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>Each person's own clock: their Teams time zone, else their department's, else the company's.</summary>
public sealed class PersonZones(CompanyCalendar company, DepartmentRepository departments)
{
    public TimeZoneInfo Company => company.Zone;

    public TimeZoneInfo Of(Person person, IReadOnlyDictionary<string, Department> departments) =>
        WallClock.Find(person.TimeZone)
        ?? (person.DepartmentId is { } d && departments.TryGetValue(d, out var department) ? WallClock.Find(department.TimeZone) : null)
        ?? Company;

    /// <summary>The same, reading the departments only when the person's own zone is not known.</summary>
    public async Task<TimeZoneInfo> OfAsync(Person person, CancellationToken ct) =>
        WallClock.Find(person.TimeZone) is { } own ? own
        : person.DepartmentId is { } d && await departments.GetAsync(person.TenantId, d, ct) is { } department ? WallClock.Find(department.TimeZone) ?? Company
        : Company;

    public BusinessHours Hours(TimeZoneInfo zone) => company.Hours(zone);
}
