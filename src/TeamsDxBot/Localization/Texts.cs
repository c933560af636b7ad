using System.Globalization;
using System.Resources;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Localization;

/// <summary>
/// Every user-facing string comes from Resources/Strings*.resx. Keys are written as nameof(Strings.X),
/// so a missing key fails the build; the culture is always passed explicitly because people who share
/// one process speak different languages.
/// </summary>
public sealed record Texts(CultureInfo Culture)
{
    private static readonly ResourceManager Resources = Strings.ResourceManager;

    public static Texts Japanese { get; } = new(Languages.Japanese);

    public static Texts English { get; } = new(Languages.English);

    public static Texts For(CultureInfo culture) => culture.Name == Languages.English.Name ? English : Japanese;

    public string this[string key] =>
        Resources.GetString(key, Culture) ?? throw new KeyNotFoundException($"Missing string resource '{key}'.");

    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);

    public bool IsEnglish => Culture.Name == Languages.English.Name;
}
