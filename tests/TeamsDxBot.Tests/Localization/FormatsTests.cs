using TeamsDxBot.Localization;

namespace TeamsDxBot.Tests.Localization;

/// <summary>One date format for everyone; a zone is named only when the time is not on the reader's own clock.</summary>
public sealed class FormatsTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    // Wednesday 2026-12-09 18:00 in Tokyo.
    private static readonly DateTimeOffset Evening = new(2026, 12, 9, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_time_on_the_readers_own_clock_names_no_zone()
    {
        Assert.Equal("12/9（水）18:00", Formats.When(Texts.Japanese, Evening, Tokyo));
        Assert.Equal("Wed 12/9 18:00", Formats.When(Texts.English, Evening, Tokyo));
        Assert.Equal("12/9（水）18:00", Formats.When(Texts.Japanese, Evening, Tokyo, Tokyo));
        // The Windows id of the same clock is the same clock.
        Assert.Equal("Wed 12/9 18:00", Formats.When(Texts.English, Evening, Tokyo, TimeZoneInfo.FindSystemTimeZoneById("Tokyo Standard Time")));
    }

    [Fact]
    public void A_time_on_another_clock_says_which_with_summer_time()
    {
        Assert.Equal("12/9（水）04:00（UTC-05:00）", Formats.When(Texts.Japanese, Evening, NewYork, Tokyo));
        Assert.Equal("Wed 12/9 18:00 (UTC+09:00)", Formats.When(Texts.English, Evening, Tokyo, NewYork));
        Assert.Equal("Mon 6/1 05:00 (UTC-04:00)", Formats.When(Texts.English, new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.Zero), NewYork, Tokyo));
    }

    [Fact]
    public void Days_use_the_same_pattern()
    {
        Assert.Equal("12/9（水）", Formats.Day(Texts.Japanese, new DateOnly(2026, 12, 9)));
        Assert.Equal("Wed 12/9", Formats.Day(Texts.English, new DateOnly(2026, 12, 9)));
    }
}
