using System.Globalization;

namespace TeamsDxBot.Localization;

/// <summary>
/// The one way dates and times are written for people: 「12/9（水）18:00」 in Japanese, "Wed 12/9 18:00" in
/// English. A time on the reader's own clock names no zone (nobody in Tokyo needs "JST"); a time on another
/// clock says which, as a UTC offset, since zone names have no localized short forms on every host.
/// </summary>
public static class Formats
{
    /// <summary>A time on <paramref name="zone"/>'s clock, which is the reader's own: no zone is named.</summary>
    public static string When(Texts t, DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        return t.IsEnglish
            ? local.ToString("ddd M/d HH:mm", t.Culture)
            : local.ToString("M/d（ddd）HH:mm", t.Culture);
    }

    /// <summary>
    /// A time on <paramref name="zone"/>'s clock read by someone whose own clock is <paramref name="reader"/>:
    /// the zone is named only when the two clocks differ ("Wed 12/9 18:00 (UTC-05:00)").
    /// </summary>
    public static string When(Texts t, DateTimeOffset instant, TimeZoneInfo zone, TimeZoneInfo reader) =>
        SameClock(zone, reader)
            ? When(t, instant, zone)
            : When(t, instant, zone) + (t.IsEnglish ? $" ({Offset(instant, zone)})" : $"（{Offset(instant, zone)}）");

    public static string Day(Texts t, DateOnly date) => t.IsEnglish ? date.ToString("ddd M/d", t.Culture) : date.ToString("M/d（ddd）", t.Culture);

    /// <summary>"UTC+09:00", "UTC-05:00": the offset in force at that instant (summer time included).</summary>
    public static string Offset(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var offset = zone.GetUtcOffset(instant);
        return "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>Two ids for one clock ("Asia/Tokyo", "Tokyo Standard Time") are the same clock.</summary>
    private static bool SameClock(TimeZoneInfo a, TimeZoneInfo b) => a.Id == b.Id || a.HasSameRules(b);
}
