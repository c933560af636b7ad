namespace TeamsDxBot.Calendar;

/// <summary>
/// Working time arithmetic: "1 business day" or "4 business hours" counted only inside opening hours
/// on working days (Monday to Friday unless configured, holidays excluded), in a given time zone
/// (daylight-saving changes included, via TimeZoneInfo).
/// </summary>
public sealed record BusinessHours(TimeZoneInfo Zone, TimeOnly Open, TimeOnly Close)
{
    public static readonly IReadOnlySet<DayOfWeek> Weekdays = new HashSet<DayOfWeek>
    {
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday,
    };

    public IReadOnlySet<DayOfWeek> Days { get; init; } = Weekdays;

    public IReadOnlySet<DateOnly> Holidays { get; init; } = new HashSet<DateOnly>();

    public TimeSpan Day => Close - Open;

    public bool IsWorkingDay(DateOnly date) => Days.Contains(date.DayOfWeek) && !Holidays.Contains(date);

    /// <summary>Inside opening hours on a working day, at this instant in this zone.</summary>
    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone).DateTime;
        var clock = TimeOnly.FromDateTime(local);
        return IsWorkingDay(DateOnly.FromDateTime(local)) && clock >= Open && clock < Close;
    }

    /// <summary>The instant itself when it is inside opening hours, else the next opening (the next business morning).</summary>
    public DateTimeOffset NextOpen(DateTimeOffset instant) => IsOpen(instant) ? instant : Add(instant, TimeSpan.Zero);

    public DateTimeOffset Add(DateTimeOffset start, TimeSpan work)
    {
        var local = TimeZoneInfo.ConvertTime(start, Zone).DateTime;
        var remaining = work;
        while (true)
        {
            var date = DateOnly.FromDateTime(local);
            var open = date.ToDateTime(Open);
            var close = date.ToDateTime(Close);
            if (!IsWorkingDay(date) || local >= close)
            {
                local = NextOpening(date);
                continue;
            }
            if (local < open)
            {
                local = open;
            }
            var available = close - local;
            if (remaining <= available)
            {
                return ToUtc(local + remaining);
            }
            remaining -= available;
            local = NextOpening(date);
        }
    }

    private DateTime NextOpening(DateOnly date)
    {
        var next = date.AddDays(1);
        // Configuration guarantees at least one working day a week; holidays are finite, so this ends.
        while (!IsWorkingDay(next))
        {
            next = next.AddDays(1);
        }
        return next.ToDateTime(Open);
    }

    private DateTimeOffset ToUtc(DateTime local) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone), TimeSpan.Zero);
}
