using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Nudges;

namespace TeamsDxBot.Usage;

/// <summary>
/// From the measured usage: someone who has never used the tool <c>Usage:Nudge:NeverStartedAfterDays</c> after
/// go-live, or who has lapsed, gets a friendly note naming their key users with a box to ask them a question —
/// at most once a month (one note a month, whichever initiative it is about). The engine applies the quiet
/// hours, the daily cap and the rule's switch. Nobody is nudged from data older than <c>Usage:Nudge:FreshWeeks</c>.
/// </summary>
public sealed class MeasuredNudgeRule(InitiativeRepository initiatives, IUsageFigures figures, PersonZones zones, IOptions<MeasuredNudgeOptions> options, TimeProvider time)
    : INudgeRule
{
    /// <summary>The figures read the whole import; the engine ticks every few minutes, the data changes weekly.</summary>
    private static readonly TimeSpan CacheFor = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (DateTimeOffset Until, Standings? Data)> cache = new();

    public string Key => NudgeRuleKeys.MeasuredUsage;

    public async Task<IReadOnlyList<NudgeCandidate>> FindAsync(NudgeContext context, CancellationToken ct)
    {
        var period = context.Now.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Now, zones.Company).DateTime);
        var freshFrom = UsageWeek.MondayOf(today).AddDays(-7 * options.Value.FreshWeeks);
        var awake = context.People.ToDictionary(p => p.AadObjectId, StringComparer.Ordinal);
        var result = new Dictionary<string, NudgeCandidate>(StringComparer.Ordinal);
        foreach (var initiative in await initiatives.ListAsync(context.TenantId, ct))
        {
            if (await StandingsAsync(initiative, ct) is not { } data || data.AsOf < freshFrom)
            {
                continue;
            }
            var neverStartedDue = initiative.GoLive.AddDays(options.Value.NeverStartedAfterDays) <= today;
            foreach (var usage in data.People)
            {
                if (!(usage.Standing == UsageStanding.Lapsed || (usage.Standing == UsageStanding.NeverStarted && neverStartedDue))
                    || result.ContainsKey(usage.PersonId) || !awake.TryGetValue(usage.PersonId, out var person))
                {
                    continue;
                }
                // Named even when off-hours themselves (another time zone): the note is about whom to ask.
                var keyUsers = context.Everyone.Where(k => person.DepartmentId is { } d && k.KeyUserOf.Contains(d) && k.AadObjectId != person.AadObjectId)
                    .Select(k => k.DisplayName).ToList();
                result[person.AadObjectId] = new NudgeCandidate(Key, person, period,
                    (t, _) => Task.FromResult(MeasuredNudgeCards.Note(t, initiative, usage.Standing, usage.LastActive, keyUsers)));
            }
        }
        return result.Values.ToList();
    }

    private async Task<Standings?> StandingsAsync(Initiative initiative, CancellationToken ct)
    {
        var key = $"{initiative.TenantId}|{initiative.Id}";
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Data;
        }
        var overview = await figures.OverviewAsync(initiative, ct);
        var data = overview is null ? null : new Standings(overview.AsOf, await figures.PeopleAsync(initiative, null, overview.AsOf, ct));
        if (cache.Count > 1000)
        {
            cache.Clear();
        }
        cache[key] = (now + CacheFor, data);
        return data;
    }

    private sealed record Standings(DateOnly AsOf, IReadOnlyList<PersonUsage> People);
}
