using System.Globalization;

namespace TeamsDxBot.Localization;

/// <summary>The two languages the bot speaks; Japanese is the primary one and the fallback.</summary>
public static class Languages
{
    public static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    public static IReadOnlyList<CultureInfo> All { get; } = [Japanese, English];

    /// <summary>Maps any locale tag ("en-GB", "ja", "EN-us") to a supported language, or null.</summary>
    public static CultureInfo? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }
        var lower = tag.Trim().ToLowerInvariant();
        if (lower == "ja" || lower.StartsWith("ja-", StringComparison.Ordinal))
        {
            return Japanese;
        }
        if (lower == "en" || lower.StartsWith("en-", StringComparison.Ordinal))
        {
            return English;
        }
        return null;
    }

    /// <summary>Stored preference first, then the client's locale, then Japanese.</summary>
    public static CultureInfo Resolve(string? preferred, string? activityLocale) =>
        Match(preferred) ?? Match(activityLocale) ?? Japanese;
}
