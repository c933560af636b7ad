using System.Globalization;
using Cronos;
using TeamsDxBot.Calendar;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Broadcasts;

/// <summary>A reason a broadcast cannot be saved or sent: a resource key and its arguments.</summary>
public sealed record BroadcastProblem(string Key, params object[] Args);

/// <summary>
/// Turns the composer's schedule into instants. The wall-clock dates come from Cronos (evaluated on the
/// wall clock itself, so daylight saving cannot move a date) or, for "day 29/30 of the month", from date
/// arithmetic; <see cref="PersonZones.ToUtc"/> then places each in the author's zone, so a time skipped
/// by a daylight-saving change moves on exactly as pulses do.
/// </summary>
public static class BroadcastTimings
{
    /// <summary>Monthly rules: the first to fourth weekday of the month, the last one, or a day number.</summary>
    public static IReadOnlyList<string> MonthlyRules { get; } = ["1", "2", "3", "4", "last", "day"];

    public const string DayRule = "day";
    public const string LastRule = "last";
    public static readonly TimeOnly DefaultTime = new(9, 0);

    /// <summary>The instants of a scheduled (not "now") broadcast, or what is wrong with the schedule.</summary>
    public static (IReadOnlyList<DateTimeOffset> Instants, IReadOnlyList<BroadcastProblem> Problems) Compute(BroadcastScheduleForm form, TimeZoneInfo zone, DateTimeOffset now)
    {
        var problems = new List<BroadcastProblem>();
        var local = LocalTimes(form, problems);
        if (problems.Count > 0)
        {
            return ([], problems);
        }
        if (local.Count > Broadcast.MaxOccurrences)
        {
            return ([], [new(nameof(Strings.Broadcast_TooManyOccurrences), Broadcast.MaxOccurrences)]);
        }
        var instants = local.Select(l => WallClock.ToUtc(l, zone)).Distinct().Order().ToList();
        if (instants.Count == 0)
        {
            return ([], [new(nameof(Strings.Broadcast_DatesRequired))]);
        }
        if (instants[0] <= now)
        {
            return ([], [new(nameof(Strings.Broadcast_NotInFuture), WallClock.ToLocal(instants[0], zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), zone.Id)]);
        }
        return (instants, []);
    }

    private static List<DateTime> LocalTimes(BroadcastScheduleForm form, List<BroadcastProblem> problems)
    {
        var time = ParseTime(form.Time, problems);
        switch (form.TimingOrNow)
        {
            case BroadcastTiming.Once:
            {
                var date = ParseDate(form.Date, problems);
                return problems.Count > 0 ? [] : [date.ToDateTime(time)];
            }
            case BroadcastTiming.Dates:
            {
                var dates = ParseDates(form.Dates, problems);
                return problems.Count > 0 ? [] : dates.Select(d => d.ToDateTime(time)).ToList();
            }
            case BroadcastTiming.Weekly:
            {
                var start = ParseDate(form.Date, problems);
                var weekday = ParseWeekday(form.Weekday, problems);
                var count = ParseCount(form.Count, problems);
                return problems.Count > 0 ? [] : FromCron($"{time.Minute} {time.Hour} * * {(int)weekday}", start, time, count);
            }
            case BroadcastTiming.Monthly:
            {
                var start = ParseDate(form.Date, problems);
                var count = ParseCount(form.Count, problems);
                var rule = form.MonthlyRule?.Trim() ?? "";
                if (!MonthlyRules.Contains(rule))
                {
                    problems.Add(new(nameof(Strings.Broadcast_MonthlyRuleInvalid)));
                    return [];
                }
                if (rule == DayRule)
                {
                    var day = ParseDay(form.Day, problems);
                    return problems.Count > 0 ? []
                        : day is 29 or 30 ? MonthDays(start, day, count).Select(d => d.ToDateTime(time)).ToList()
                        : FromCron($"{time.Minute} {time.Hour} {(day == 31 ? "L" : day.ToString(CultureInfo.InvariantCulture))} * *", start, time, count);
                }
                var weekday = ParseWeekday(form.Weekday, problems);
                return problems.Count > 0 ? []
                    : FromCron($"{time.Minute} {time.Hour} * * {(int)weekday}{(rule == LastRule ? "L" : "#" + rule)}", start, time, count);
            }
            default:
                problems.Add(new(nameof(Strings.Broadcast_TimingInvalid)));
                return [];
        }
    }

    /// <summary>
    /// Occurrences on the wall clock from the start date on: the expression is evaluated "in UTC" on
    /// local wall-clock values, which is plain calendar arithmetic with no zone to shift anything.
    /// </summary>
    private static List<DateTime> FromCron(string expression, DateOnly start, TimeOnly time, int count)
    {
        var cron = CronExpression.Parse(expression);
        var from = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return cron.GetOccurrences(from, from.AddYears(3), TimeZoneInfo.Utc, fromInclusive: true, toInclusive: false)
            .Take(count)
            .Select(o => DateTime.SpecifyKind(o.DateTime, DateTimeKind.Unspecified))
            .ToList();
    }

    /// <summary>Day 29 or 30 of each month from the start on; the month's last day when it is shorter.</summary>
    public static IEnumerable<DateOnly> MonthDays(DateOnly start, int day, int count)
    {
        var month = new DateOnly(start.Year, start.Month, 1);
        var found = 0;
        while (found < count)
        {
            var date = new DateOnly(month.Year, month.Month, Math.Min(day, DateTime.DaysInMonth(month.Year, month.Month)));
            if (date >= start)
            {
                found++;
                yield return date;
            }
            month = month.AddMonths(1);
        }
    }

    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), ["H:mm", "HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static TimeOnly ParseTime(string? text, List<BroadcastProblem> problems)
    {
        if (TryParseTime(text, out var time))
        {
            return time;
        }
        problems.Add(new(nameof(Strings.Broadcast_TimeInvalid)));
        return DefaultTime;
    }

    private static DateOnly ParseDate(string? text, List<BroadcastProblem> problems)
    {
        if (TryParseDate(text, out var date))
        {
            return date;
        }
        problems.Add(new(nameof(Strings.Broadcast_DateInvalid)));
        return default;
    }

    private static List<DateOnly> ParseDates(string? text, List<BroadcastProblem> problems)
    {
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var dates = new List<DateOnly>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }
            if (TryParseDate(line, out var date))
            {
                dates.Add(date);
            }
            else
            {
                problems.Add(new(nameof(Strings.Broadcast_DatesLineInvalid), i + 1, line));
            }
        }
        if (dates.Count == 0 && problems.Count == 0)
        {
            problems.Add(new(nameof(Strings.Broadcast_DatesRequired)));
        }
        return dates.Distinct().Order().ToList();
    }

    private static DayOfWeek ParseWeekday(string? text, List<BroadcastProblem> problems)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 6)
        {
            return (DayOfWeek)n;
        }
        problems.Add(new(nameof(Strings.Broadcast_WeekdayInvalid)));
        return DayOfWeek.Monday;
    }

    private static int ParseCount(string? text, List<BroadcastProblem> problems)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= Broadcast.MaxOccurrences)
        {
            return n;
        }
        problems.Add(new(nameof(Strings.Broadcast_CountInvalid), Broadcast.MaxOccurrences));
        return 1;
    }

    private static int ParseDay(string? text, List<BroadcastProblem> problems)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 31)
        {
            return n;
        }
        problems.Add(new(nameof(Strings.Broadcast_DayInvalid)));
        return 1;
    }
}
