namespace TeamsDxBot.Questions;

/// <summary>
/// Working time arithmetic: "1 business day" or "4 business hours" counted only inside opening hours
/// on weekdays, in a given time zone (daylight-saving changes included, via TimeZoneInfo).
/// </summary>
public sealed record BusinessHours(TimeZoneInfo Zone, TimeOnly Open, TimeOnly Close)
{
    public TimeSpan Day => Close - Open;

    public DateTimeOffset Add(DateTimeOffset start, TimeSpan work)
    {
        var local = TimeZoneInfo.ConvertTime(start, Zone).DateTime;
        var remaining = work;
        while (true)
        {
            var date = DateOnly.FromDateTime(local);
            var open = date.ToDateTime(Open);
            var close = date.ToDateTime(Close);
            if (IsWeekend(date) || local >= close)
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
        while (IsWeekend(next))
        {
            next = next.AddDays(1);
        }
        return next.ToDateTime(Open);
    }

    private static bool IsWeekend(DateOnly date) => date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private DateTimeOffset ToUtc(DateTime local) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone), TimeSpan.Zero);
}
