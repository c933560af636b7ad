using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TeamsDxBot.Calendar;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Usage;

/// <summary>
/// Checks every row of a usage import before anything is written: one problem anywhere means nothing is
/// stored, and every problem is reported with its line. Rows whose person is not in the directory are not
/// problems (a tool's user list has people who never installed the bot); they are listed and left out.
/// </summary>
public sealed partial class UsageImportService(
    UsageWeekRepository usage, InitiativeRepository initiatives, UsageDirectory people, CompanyCalendar calendar,
    TimeProvider time, ILogger<UsageImportService> logger)
{
    /// <summary>What fits in a card's text box; larger files go through the API.</summary>
    public const int MaxPastedLength = 100_000;
    private const int MaxEcho = 40;

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy-M-d", "yyyy/M/d", "yyyyMMdd"];

    private static readonly string[] LocalDateTimeFormats =
    [
        "yyyy-MM-dd HH:mm", "yyyy-MM-dd H:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd H:mm:ss",
        "yyyy/MM/dd HH:mm", "yyyy/M/d H:mm", "yyyy/MM/dd HH:mm:ss", "yyyy/M/d H:mm:ss",
        "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
    ];

    public async Task<UsageImportResult> ImportFromChatAsync(UserContext actor, string? initiativeId, string? text, CancellationToken ct)
    {
        if (!actor.IsPromoter)
        {
            return Fail(new UsageProblem(0, nameof(Strings.Error_NotAllowed)));
        }
        if (string.IsNullOrWhiteSpace(initiativeId))
        {
            return Fail(new UsageProblem(0, nameof(Strings.Usage_PickInitiative)));
        }
        if (await initiatives.GetAsync(actor.Person.TenantId, initiativeId, ct) is null)
        {
            return Fail(new UsageProblem(0, nameof(Strings.Usage_InitiativeNotFound)));
        }
        if (text is not null && text.Length > MaxPastedLength)
        {
            return Fail(new UsageProblem(0, nameof(Strings.Usage_TooLong), MaxPastedLength));
        }
        // A pasted JSON array is as welcome as CSV; "[" never starts a CSV header.
        var source = UsageSource.Chat(actor.Person.AadObjectId);
        return (text ?? "").TrimStart().StartsWith('[')
            ? await ImportJsonAsync(actor.Person.TenantId, initiativeId, source, text, ct)
            : await ImportCsvAsync(actor.Person.TenantId, initiativeId, source, text, ct);
    }

    public async Task<UsageImportResult> ImportCsvAsync(string tenantId, string initiativeId, string source, string? csv, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(csv))
        {
            return Fail(new UsageProblem(0, nameof(Strings.Usage_Empty), UsageInput.EventsHeader, UsageInput.SnapshotHeader));
        }
        return await ImportAsync(tenantId, initiativeId, source, UsageInput.ParseCsv(csv), ct);
    }

    public async Task<UsageImportResult> ImportJsonAsync(string tenantId, string initiativeId, string source, string? json, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Fail(new UsageProblem(0, nameof(Strings.Usage_JsonNotArray)));
        }
        return await ImportAsync(tenantId, initiativeId, source, UsageInput.ParseJson(json), ct);
    }

    private sealed record Activity(int Line, string? Email, string? EmployeeId, DateOnly Day, int? Count);

    private async Task<UsageImportResult> ImportAsync(string tenantId, string initiativeId, string source, UsageParse parsed, CancellationToken ct)
    {
        var problems = parsed.Problems;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), calendar.Zone).DateTime);
        var activities = new List<Activity>();
        var snapshotLines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in parsed.Rows)
        {
            if (parsed.Snapshot && IsBlank(row.LastActive))
            {
                // An empty last-login cell is someone who never used the tool: nothing to record, whoever it is.
                continue;
            }
            var before = problems.Count;
            var email = Clean(row.Email)?.ToLowerInvariant();
            var employeeId = Clean(row.EmployeeId);
            if (email is null && employeeId is null)
            {
                problems.Add(new(row.Line, nameof(Strings.Usage_PersonMissing)));
            }
            DateOnly? day;
            int? count = null;
            if (parsed.Snapshot)
            {
                day = ParseDay(row.Line, row.LastActive!, lastActive: true, today, problems);
                if (day is not null && (email ?? "#" + employeeId) is { } who)
                {
                    if (snapshotLines.TryGetValue(who, out var first))
                    {
                        problems.Add(new(row.Line, nameof(Strings.Usage_DuplicatePerson), Echo(email ?? employeeId!), first));
                    }
                    else
                    {
                        snapshotLines.Add(who, row.Line);
                    }
                }
            }
            else
            {
                day = IsBlank(row.Date)
                    ? Missing(row.Line, problems)
                    : ParseDay(row.Line, row.Date!, lastActive: false, today, problems);
                count = ParseCount(row, problems);
            }
            if (problems.Count == before && day is { } d && count is not 0)
            {
                activities.Add(new Activity(row.Line, email, employeeId, d, count));
            }
        }
        if (problems.Count > 0)
        {
            return Fail([.. problems.OrderBy(p => p.Line)]);
        }

        var directory = await people.ListAsync(tenantId, ct);
        var byEmail = directory.Where(p => !string.IsNullOrWhiteSpace(p.Email))
            .GroupBy(p => p.Email!.Trim().ToLowerInvariant()).ToDictionary(g => g.Key, g => g.First().AadObjectId, StringComparer.Ordinal);
        var byEmployeeId = directory.Where(p => !string.IsNullOrWhiteSpace(p.EmployeeId))
            .GroupBy(p => Clean(p.EmployeeId)!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().AadObjectId, StringComparer.OrdinalIgnoreCase);
        string? Match(Activity a) =>
            (a.Email is not null ? byEmail.GetValueOrDefault(a.Email) : null) ?? (a.EmployeeId is not null ? byEmployeeId.GetValueOrDefault(a.EmployeeId) : null);

        var weeks = activities.Select(a => UsageWeek.MondayOf(a.Day)).Distinct().Order().ToList();
        var unmatched = new List<int>();
        var matched = new List<(string PersonId, Activity Activity)>();
        foreach (var activity in activities)
        {
            if (Match(activity) is { } personId)
            {
                matched.Add((personId, activity));
            }
            else
            {
                unmatched.Add(activity.Line);
            }
        }
        if (matched.Count == 0)
        {
            // Replacing the weeks with nobody would wipe what is stored for them: most likely the wrong file or column.
            return Fail(weeks.Count == 0
                ? new UsageProblem(0, nameof(Strings.Usage_NoActivity))
                : new UsageProblem(0, nameof(Strings.Usage_NobodyMatched), activities.Count));
        }
        var now = time.GetUtcNow();
        var rows = matched.GroupBy(m => (m.PersonId, Week: UsageWeek.MondayOf(m.Activity.Day))).Select(g => new UsageWeek
        {
            TenantId = tenantId,
            InitiativeId = initiativeId,
            PersonId = g.Key.PersonId,
            WeekStart = g.Key.Week,
            ActiveDays = g.Select(m => m.Activity.Day).Distinct().Count(),
            LastActive = g.Max(m => m.Activity.Day),
            Uses = g.Any(m => m.Activity.Count is not null) ? g.Sum(m => m.Activity.Count ?? 0) : null,
            Source = source,
            ReceivedAt = now,
        }).ToList();
        var write = await usage.ReplaceWeeksAsync(tenantId, initiativeId, weeks, rows, ct);
        logger.LogInformation("Stored {Rows} usage weeks of {People} people for initiative {InitiativeId} from {Source}; {Unmatched} rows matched nobody",
            write.Stored, rows.Select(r => r.PersonId).Distinct().Count(), initiativeId, source, unmatched.Count);
        return new UsageImportResult([], write, rows.Select(r => r.PersonId).Distinct().Count(), weeks, unmatched);
    }

    private static UsageImportResult Fail(params UsageProblem[] problems) => new(problems);

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    private static string? Clean(string? value) => IsBlank(value) ? null : value!.Normalize(NormalizationForm.FormKC).Trim();

    /// <summary>Values are echoed in messages; a pasted paragraph in one cell should not flood them.</summary>
    private static string Echo(string value) => value.Length <= MaxEcho ? value : value[..MaxEcho] + "…";

    private static DateOnly? Missing(int line, List<UsageProblem> problems)
    {
        problems.Add(new(line, nameof(Strings.Usage_DateMissing)));
        return null;
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex Offset();

    /// <summary>
    /// A date, or a date-time: with an offset ("Z", "+09:00") it is moved into the company's time zone first,
    /// without one it is taken as the company's own clock, as admin screens show it.
    /// </summary>
    private DateOnly? ParseDay(int line, string value, bool lastActive, DateOnly today, List<UsageProblem> problems)
    {
        var text = value.Normalize(NormalizationForm.FormKC).Trim();
        DateOnly? day = null;
        if (DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            day = date;
        }
        else if (Offset().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, calendar.Zone).DateTime);
        }
        else if (DateTime.TryParseExact(text, LocalDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            day = DateOnly.FromDateTime(local);
        }
        if (day is not { Year: >= 2000 })
        {
            problems.Add(new(line, lastActive ? nameof(Strings.Usage_LastActiveInvalid) : nameof(Strings.Usage_DateInvalid), Echo(value.Trim())));
            return null;
        }
        if (day > today)
        {
            problems.Add(new(line, lastActive ? nameof(Strings.Usage_LastActiveInFuture) : nameof(Strings.Usage_DateInFuture), day.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            return null;
        }
        return day;
    }

    private static int? ParseCount(UsageRow row, List<UsageProblem> problems)
    {
        if (IsBlank(row.Count))
        {
            return null;
        }
        if (int.TryParse(row.Count!.Normalize(NormalizationForm.FormKC).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        problems.Add(new(row.Line, nameof(Strings.Usage_CountInvalid), Echo(row.Count.Trim())));
        return null;
    }
}
