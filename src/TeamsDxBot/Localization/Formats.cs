namespace TeamsDxBot.Localization;

/// <summary>Dates and times as people read them in each language ("12/7（月）10:00", "Mon 12/7 10:00").</summary>
public static class Formats
{
    public static string When(Texts t, DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        return t.IsEnglish
            ? local.ToString("ddd M/d HH:mm", t.Culture)
            : local.ToString("M/d（ddd）HH:mm", t.Culture);
    }

    public static string Day(Texts t, DateOnly date) => t.IsEnglish ? date.ToString("ddd M/d", t.Culture) : date.ToString("M/d（ddd）", t.Culture);
}
