using TeamsDxBot.Broadcasts;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Tests.Broadcasts;

/// <summary>The schedule arithmetic on its own: wall-clock dates in the author's zone, month ends, daylight saving.</summary>
public sealed class BroadcastTimingsTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 1, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static IReadOnlyList<DateTimeOffset> Instants(BroadcastScheduleForm form, TimeZoneInfo zone)
    {
        var (instants, problems) = BroadcastTimings.Compute(form, zone, Now);
        Assert.Empty(problems);
        return instants;
    }

    private static string Problem(BroadcastScheduleForm form) => Assert.Single(BroadcastTimings.Compute(form, Tokyo, Now).Problems).Key;

    [Fact]
    public void First_Monday_of_each_month_six_times() =>
        Assert.Equal([Utc(2026, 12, 7, 1), Utc(2027, 1, 4, 1), Utc(2027, 2, 1, 1), Utc(2027, 3, 1, 1), Utc(2027, 4, 5, 1), Utc(2027, 5, 3, 1)],
            Instants(new(BroadcastTiming.Monthly, "2026-12-01", "10:00", null, "1", "1", null, "6"), Tokyo));

    [Fact]
    public void Last_Friday_and_third_Wednesday()
    {
        Assert.Equal([Utc(2026, 12, 25, 0), Utc(2027, 1, 29, 0), Utc(2027, 2, 26, 0)],
            Instants(new(BroadcastTiming.Monthly, "2026-12-01", "09:00", null, "5", BroadcastTimings.LastRule, null, "3"), Tokyo));
        Assert.Equal([Utc(2026, 12, 16, 0), Utc(2027, 1, 20, 0)],
            Instants(new(BroadcastTiming.Monthly, "2026-12-01", "09:00", null, "3", "3", null, "2"), Tokyo));
    }

    [Theory]
    [InlineData(31, "2027-01-01", new[] { "2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31", "2027-06-30" })]
    [InlineData(30, "2027-01-15", new[] { "2027-01-30", "2027-02-28", "2027-03-30", "2027-04-30", "2027-05-30", "2027-06-30" })]
    [InlineData(29, "2028-01-30", new[] { "2028-02-29", "2028-03-29", "2028-04-29", "2028-05-29", "2028-06-29", "2028-07-29" })]
    [InlineData(15, "2026-12-16", new[] { "2027-01-15", "2027-02-15", "2027-03-15", "2027-04-15", "2027-05-15", "2027-06-15" })]
    public void Day_of_month_falls_on_the_month_end_when_the_month_is_shorter(int day, string start, string[] expected) =>
        Assert.Equal(expected.Select(d => new DateTimeOffset(DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(9))),
            Instants(new(BroadcastTiming.Monthly, start, "09:00", null, null, BroadcastTimings.DayRule, day.ToString(System.Globalization.CultureInfo.InvariantCulture), "6"), Tokyo));

    [Fact]
    public void Weekly_keeps_the_wall_clock_time_across_daylight_saving_and_a_skipped_time_moves_on()
    {
        // Mondays 09:00 in Los Angeles: PST (UTC-8), then PDT (UTC-7) from 2027-03-14.
        Assert.Equal([Utc(2027, 3, 1, 17), Utc(2027, 3, 8, 17), Utc(2027, 3, 15, 16), Utc(2027, 3, 22, 16)],
            Instants(new(BroadcastTiming.Weekly, "2027-03-01", "09:00", null, "1", null, null, "4"), LosAngeles));
        // 02:30 does not exist on 2027-03-14 there; it goes out at 03:00 PDT. 01:30 on 2027-11-07 happens twice; it is
        // read as standard time (the later one), as TimeZoneInfo does for pulses.
        Assert.Equal([Utc(2027, 3, 14, 10)], Instants(new(BroadcastTiming.Once, "2027-03-14", "02:30"), LosAngeles));
        Assert.Equal([Utc(2027, 11, 7, 9, 30)], Instants(new(BroadcastTiming.Once, "2027-11-07", "01:30"), LosAngeles));
        // Weekly starting on the weekday itself includes that day.
        Assert.Equal([Utc(2026, 11, 30, 0), Utc(2026, 12, 7, 0)], Instants(new(BroadcastTiming.Weekly, "2026-11-30", "09:00", null, "1", null, null, "2"), Tokyo));
    }

    [Fact]
    public void Chosen_dates_are_sorted_and_deduplicated() =>
        Assert.Equal([Utc(2026, 12, 1, 0), Utc(2027, 1, 5, 0)],
            Instants(new(BroadcastTiming.Dates, null, "09:00", "2027-01-05\r\n 2026-12-01 \n\n2027-01-05"), Tokyo));

    [Fact]
    public void Bad_schedules_are_refused_with_their_reason()
    {
        Assert.Equal(nameof(Strings.Broadcast_NotInFuture), Problem(new(BroadcastTiming.Once, "2026-11-24", "09:00")));
        Assert.Equal(nameof(Strings.Broadcast_TimeInvalid), Problem(new(BroadcastTiming.Once, "2026-12-24", "25:00")));
        Assert.Equal(nameof(Strings.Broadcast_DateInvalid), Problem(new(BroadcastTiming.Once, "24/12/2026", "09:00")));
        Assert.Equal(nameof(Strings.Broadcast_DatesRequired), Problem(new(BroadcastTiming.Dates, null, "09:00", " \n ")));
        Assert.Equal(nameof(Strings.Broadcast_DatesLineInvalid), Problem(new(BroadcastTiming.Dates, null, "09:00", "2026-12-01\nnext week")));
        Assert.Equal(nameof(Strings.Broadcast_TooManyOccurrences), Problem(new(BroadcastTiming.Dates, null, "09:00",
            string.Join('\n', Enumerable.Range(1, 25).Select(i => new DateOnly(2027, 1, i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))))));
        Assert.Equal(nameof(Strings.Broadcast_CountInvalid), Problem(new(BroadcastTiming.Weekly, "2026-12-01", "09:00", null, "1", null, null, "25")));
        Assert.Equal(nameof(Strings.Broadcast_CountInvalid), Problem(new(BroadcastTiming.Weekly, "2026-12-01", "09:00", null, "1", null, null, "0")));
        Assert.Equal(nameof(Strings.Broadcast_WeekdayInvalid), Problem(new(BroadcastTiming.Weekly, "2026-12-01", "09:00", null, "7", null, null, "2")));
        Assert.Equal(nameof(Strings.Broadcast_MonthlyRuleInvalid), Problem(new(BroadcastTiming.Monthly, "2026-12-01", "09:00", null, "1", "5", null, "2")));
        Assert.Equal(nameof(Strings.Broadcast_DayInvalid), Problem(new(BroadcastTiming.Monthly, "2026-12-01", "09:00", null, null, BroadcastTimings.DayRule, "32", "2")));
        Assert.Equal(nameof(Strings.Broadcast_TimingInvalid), Problem(new("hourly", "2026-12-01", "09:00")));
    }
}
