using TeamsDxBot.Calendar;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>Reads one person's own usage for every initiative: the last <see cref="UsageCards.OwnWeeks"/> weeks, newest first.</summary>
public sealed class MyUsage(InitiativeService initiatives, UsageWeekRepository usage, CompanyCalendar calendar, TimeProvider time)
{
    public async Task<IReadOnlyList<OwnUsage>> ReadAsync(Person person, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), calendar.Zone).DateTime);
        var thisWeek = UsageWeek.MondayOf(today);
        var weeks = Enumerable.Range(0, UsageCards.OwnWeeks).Select(i => thisWeek.AddDays(-7 * i)).ToList();
        var result = new List<OwnUsage>();
        foreach (var initiative in await initiatives.ListAsync(person.TenantId, ct))
        {
            var own = await usage.ListPersonAsync(person.TenantId, initiative.Id, person.AadObjectId, ct);
            var byWeek = own.ToDictionary(u => u.WeekStart);
            result.Add(new OwnUsage(initiative,
                weeks.Select(w => (w, byWeek.TryGetValue(w, out var u) ? u.ActiveDays : 0)).ToList(),
                own.Count == 0 ? null : own.Max(u => u.LastActive)));
        }
        return result;
    }
}
