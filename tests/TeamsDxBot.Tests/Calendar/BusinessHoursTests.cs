using TeamsDxBot.Calendar;

namespace TeamsDxBot.Tests.Calendar;

public sealed class BusinessHoursTests
{
    private static readonly BusinessHours Tokyo = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), new(9, 0), new(18, 0));
    private static readonly BusinessHours NewYork = new(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"), new(9, 0), new(18, 0));

    private static DateTimeOffset Jst(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.FromHours(9));

    [Fact]
    public void One_business_day_from_Friday_afternoon_ends_on_Monday() =>
        Assert.Equal(Jst(11, 30, 17), Tokyo.Add(Jst(11, 27, 17), TimeSpan.FromHours(9)));

    [Fact]
    public void Urgent_hours_asked_in_the_evening_start_next_morning() =>
        Assert.Equal(Jst(11, 25, 13), Tokyo.Add(Jst(11, 24, 20), TimeSpan.FromHours(4)));

    [Fact]
    public void Asked_on_a_weekend_counts_from_Monday_opening() =>
        Assert.Equal(Jst(11, 30, 13), Tokyo.Add(Jst(11, 28, 11), TimeSpan.FromHours(4)));

    [Fact]
    public void Within_the_day_is_plain_addition() =>
        Assert.Equal(Jst(11, 24, 14, 30), Tokyo.Add(Jst(11, 24, 10, 30), TimeSpan.FromHours(4)));

    [Fact]
    public void Across_the_spring_daylight_saving_change_the_local_opening_hour_holds()
    {
        // Friday 2026-03-06 17:00 EST (UTC-5); DST starts Sunday 2026-03-08. Monday opens 09:00 EDT (UTC-4).
        var start = new DateTimeOffset(2026, 3, 6, 17, 0, 0, TimeSpan.FromHours(-5));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 12, 0, 0, TimeSpan.FromHours(-4)), NewYork.Add(start, TimeSpan.FromHours(4)));
    }

    [Fact]
    public void Holidays_are_skipped_like_weekends()
    {
        var hours = Tokyo with { Holidays = new HashSet<DateOnly> { new(2026, 11, 23) } };
        // Friday 17:00 JST + 9 business hours: 1 h on Friday, Monday 11/23 is a holiday, 8 h on Tuesday.
        Assert.Equal(Jst(11, 24, 17), hours.Add(Jst(11, 20, 17), TimeSpan.FromHours(9)));
        Assert.False(hours.IsWorkingDay(new DateOnly(2026, 11, 23)));
        Assert.False(hours.IsOpen(Jst(11, 23, 10)));
        Assert.True(hours.IsOpen(Jst(11, 24, 10)));
    }

    [Fact]
    public void A_company_working_saturdays_counts_them()
    {
        var hours = Tokyo with { Days = new HashSet<DayOfWeek>(BusinessHours.Weekdays) { DayOfWeek.Saturday } };
        Assert.Equal(Jst(11, 28, 10), hours.Add(Jst(11, 27, 17), TimeSpan.FromHours(2)));
        Assert.True(hours.IsOpen(Jst(11, 28, 9)));
        Assert.False(hours.IsOpen(Jst(11, 29, 10)));
    }
}
