using System.Numerics;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Abstractions;
using TeamsDxBot.Calendar;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Usage;

/// <summary>How one initiative's read went.</summary>
public enum SignInOutcome
{
    /// <summary>Reading is off (settings or no app id on the initiative).</summary>
    Off,
    /// <summary>Today's read is done already (here or on another instance).</summary>
    Done,
    /// <summary>Another instance is reading this initiative right now.</summary>
    Busy,
    /// <summary>No day is over long enough to read yet.</summary>
    Waiting,
    Read,
    Failed,
}

/// <summary>
/// Reads an initiative's tool sign-ins one company day at a time, from where the last successful read
/// stopped up to the last day that is over (plus <see cref="SignInOptions.Delay"/>), and merges each day
/// into the measured usage: a person is active on a day when Entra saw them sign in successfully. A day
/// is all or nothing (every page is read before anything is stored) and moves the stored position on, so a
/// failed read goes on from the day it failed at. One instance reads an initiative at a time (a JobMarks
/// lease, ETag-guarded), and a day's mark stops the other instances' hourly checks from reading again.
/// </summary>
public sealed class SignInReading(SignInGraph graph, SignInDayRepository days, SignInReadRepository reads, UsageWeekRepository usage,
    PersonRepository people, JobMarks marks, CompanyCalendar calendar, IOptionsMonitor<SignInOptions> options, TimeProvider time,
    ILogger<SignInReading> logger)
{
    /// <summary>How far back Entra keeps sign-ins; older days cannot be read any more.</summary>
    public const int RetentionDays = 30;

    /// <summary>Where stored usage came from (UsageWeek.Source) for weeks this reading created.</summary>
    public static string Source(string appId) => "entra:" + appId;

    private readonly string owner = Guid.NewGuid().ToString("N");

    public async Task<SignInOutcome> ReadAsync(Initiative initiative, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        if (!settings.Enabled || initiative.SignInAppId.Length == 0)
        {
            return SignInOutcome.Off;
        }
        var now = time.GetUtcNow();
        var today = Today(now);
        var mark = $"signins|{initiative.Id}|{today:yyyy-MM-dd}";
        if (await marks.IsDoneAsync(initiative.TenantId, mark, ct))
        {
            return SignInOutcome.Done;
        }
        if (await marks.TryTakeLeaseAsync($"signins|{initiative.TenantId}|{initiative.Id}", owner, settings.Lease, ct) is not { } lease)
        {
            return SignInOutcome.Busy;
        }
        try
        {
            return await ReadDaysAsync(initiative, settings, now, today, mark, ct);
        }
        finally
        {
            await marks.ReleaseAsync(lease, CancellationToken.None);
        }
    }

    private async Task<SignInOutcome> ReadDaysAsync(Initiative initiative, SignInOptions settings, DateTimeOffset now, DateOnly today, string mark, CancellationToken ct)
    {
        var appId = initiative.SignInAppId;
        var stored = await reads.GetAsync(initiative.TenantId, initiative.Id, ct);
        // Another app id is another tool: its reading starts afresh.
        var state = stored is not null && stored.AppId == appId
            ? stored
            : new SignInRead { TenantId = initiative.TenantId, InitiativeId = initiative.Id, AppId = appId };
        var first = state.ReadUntil is { } until ? Today(until) : today.AddDays(-settings.FirstReadDays);
        var day = first < today.AddDays(-RetentionDays) ? today.AddDays(-RetentionDays) : first;
        if (StartOf(day.AddDays(1)) + settings.Delay > now)
        {
            return SignInOutcome.Waiting;
        }
        var directory = await DirectoryAsync(initiative.TenantId, ct);
        var active = new HashSet<string>(StringComparer.Ordinal);
        var unmatched = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            for (; StartOf(day.AddDays(1)) + settings.Delay <= now; day = day.AddDays(1))
            {
                var signIns = await graph.ReadAsync(appId, StartOf(day), StartOf(day.AddDays(1)), ct);
                var persons = new HashSet<string>(StringComparer.Ordinal);
                foreach (var signIn in signIns)
                {
                    if (directory.Match(signIn) is { } personId)
                    {
                        persons.Add(personId);
                    }
                    else
                    {
                        unmatched.Add(signIn.UserId ?? signIn.UserPrincipalName ?? "?");
                    }
                }
                await StoreDayAsync(initiative, day, persons, now, ct);
                active.UnionWith(persons);
                state = state with { ReadUntil = StartOf(day.AddDays(1)) };
                await reads.SaveAsync(state, ct);
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested && Classify(e) is { } failure)
        {
            logger.LogWarning(e, "Reading the sign-ins of initiative {InitiativeId} of tenant {TenantId} stopped at {Day}: {Failure} {Status}",
                initiative.Id, initiative.TenantId, day, failure.Key, failure.Status);
            await reads.SaveAsync(state with { ErrorKey = failure.Key, ErrorStatus = failure.Status, ErrorAt = now }, ct);
            return SignInOutcome.Failed;
        }
        await reads.SaveAsync(state with
        {
            LastReadAt = now,
            LastPeople = active.Count,
            LastUnmatched = unmatched.Count,
            ErrorKey = null,
            ErrorStatus = 0,
            ErrorAt = null,
        }, ct);
        if (day >= today)
        {
            // Yesterday is read: the other instances' checks leave this initiative alone until tomorrow.
            await marks.MarkDoneAsync(initiative.TenantId, mark, ct);
        }
        logger.LogInformation("Read sign-ins of initiative {InitiativeId} up to (not including) {Day}: {People} people active, {Unmatched} users not in the directory",
            initiative.Id, day, active.Count, unmatched.Count);
        return SignInOutcome.Read;
    }

    /// <summary>
    /// Adds the day to each person's days of its week, then makes the week's usage hold, for each of them,
    /// at least that many active days and that last day; everyone else's weeks stay as they were.
    /// </summary>
    private async Task StoreDayAsync(Initiative initiative, DateOnly day, IReadOnlySet<string> persons, DateTimeOffset now, CancellationToken ct)
    {
        var monday = UsageWeek.MondayOf(day);
        var bit = 1 << (day.DayNumber - monday.DayNumber);
        var week = await days.GetWeekAsync(initiative.TenantId, initiative.Id, monday, ct);
        var added = persons.Where(p => (week.GetValueOrDefault(p) & bit) == 0).ToDictionary(p => p, p => week.GetValueOrDefault(p) | bit, StringComparer.Ordinal);
        if (added.Count > 0)
        {
            await days.SaveWeekAsync(initiative.TenantId, initiative.Id, monday, added, ct);
            foreach (var (person, bits) in added)
            {
                week[person] = bits;
            }
        }
        await MergeWeekAsync(initiative, monday, week, now, ct);
    }

    /// <summary>
    /// The one place this reading writes usage weeks: through the repository's week replacement with every
    /// row of the week, so what other imports stored is kept (a person's days are the larger of the two
    /// counts; which days an import meant is not known). Writes nothing when nothing changes.
    /// </summary>
    private async Task MergeWeekAsync(Initiative initiative, DateOnly monday, IReadOnlyDictionary<string, int> week, DateTimeOffset now, CancellationToken ct)
    {
        var existing = (await usage.ListFromAsync(initiative.TenantId, initiative.Id, monday, ct))
            .Where(w => w.WeekStart == monday).ToDictionary(w => w.PersonId, StringComparer.Ordinal);
        var rows = new Dictionary<string, UsageWeek>(existing, StringComparer.Ordinal);
        var changed = false;
        foreach (var (person, bits) in week)
        {
            var count = BitOperations.PopCount((uint)bits);
            var last = monday.AddDays(31 - BitOperations.LeadingZeroCount((uint)bits));
            var row = existing.TryGetValue(person, out var old)
                ? old with { ActiveDays = Math.Max(old.ActiveDays, count), LastActive = old.LastActive > last ? old.LastActive : last }
                : new UsageWeek
                {
                    TenantId = initiative.TenantId,
                    InitiativeId = initiative.Id,
                    PersonId = person,
                    WeekStart = monday,
                    ActiveDays = count,
                    LastActive = last,
                    Source = Source(initiative.SignInAppId),
                    ReceivedAt = now,
                };
            changed |= row != old;
            rows[person] = row;
        }
        if (changed)
        {
            await usage.ReplaceWeeksAsync(initiative.TenantId, initiative.Id, [monday], [.. rows.Values], ct);
        }
    }

    private sealed record Failure(string Key, int Status);

    /// <summary>What promoters are told; null for failures that are not Graph's (storage), which the job's own log reports.</summary>
    private static Failure? Classify(Exception e) => e switch
    {
        AuthenticationFailedException or CredentialUnavailableException => new(nameof(Strings.SignIns_ErrorToken), 0),
        ApiException { ResponseStatusCode: 401 or 403 } api => new(nameof(Strings.SignIns_ErrorForbidden), api.ResponseStatusCode),
        ApiException { ResponseStatusCode: 429 } => new(nameof(Strings.SignIns_ErrorThrottled), 429),
        ApiException api => new(nameof(Strings.SignIns_ErrorGraph), api.ResponseStatusCode),
        HttpRequestException or TaskCanceledException => new(nameof(Strings.SignIns_ErrorNetwork), 0),
        _ => null,
    };

    private DateOnly Today(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, calendar.Zone).DateTime);

    /// <summary>Midnight starting the company day.</summary>
    private DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, calendar.Zone.GetUtcOffset(local));
    }

    private sealed class People(Dictionary<string, string> byId, Dictionary<string, string> byUpn)
    {
        /// <summary>By Entra object id first, else by UPN against the stored email; nobody else is guessed.</summary>
        public string? Match(SignInRecord signIn) =>
            (signIn.UserId is { Length: > 0 } id ? byId.GetValueOrDefault(id) : null)
            ?? (signIn.UserPrincipalName is { Length: > 0 } upn ? byUpn.GetValueOrDefault(upn.Trim()) : null);
    }

    private async Task<People> DirectoryAsync(string tenantId, CancellationToken ct)
    {
        var everyone = await people.ListAsync(tenantId, ct);
        return new People(
            everyone.GroupBy(p => p.AadObjectId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().AadObjectId, StringComparer.OrdinalIgnoreCase),
            everyone.Where(p => !string.IsNullOrWhiteSpace(p.Email)).GroupBy(p => p.Email!.Trim(), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().AadObjectId, StringComparer.OrdinalIgnoreCase));
    }
}
