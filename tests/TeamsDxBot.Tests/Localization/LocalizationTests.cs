using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using TeamsDxBot.Localization;
using TeamsDxBot.Resources;

namespace TeamsDxBot.Tests.Localization;

public sealed partial class LocalizationTests
{
    private static Dictionary<string, string> Read(CultureInfo culture)
    {
        var set = Strings.ResourceManager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for {culture.Name}");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    [GeneratedRegex(@"\{(\d+)[^}]*\}")]
    private static partial Regex Placeholder();

    [Fact]
    public void Every_string_exists_in_Japanese_and_English_with_the_same_placeholders()
    {
        var japanese = Read(CultureInfo.InvariantCulture);
        var english = Read(CultureInfo.GetCultureInfo("en"));
        Assert.True(japanese.Count > 100);
        Assert.Equal(japanese.Keys.Order(), english.Keys.Order());
        foreach (var (key, ja) in japanese)
        {
            var en = english[key];
            Assert.False(string.IsNullOrWhiteSpace(ja), key);
            Assert.False(string.IsNullOrWhiteSpace(en), key);
            var jaArgs = Placeholder().Matches(ja).Select(m => m.Groups[1].Value).Distinct().Order();
            var enArgs = Placeholder().Matches(en).Select(m => m.Groups[1].Value).Distinct().Order();
            Assert.True(jaArgs.SequenceEqual(enArgs), $"{key}: placeholders differ");
        }
    }

    [Fact]
    public void Japanese_is_Japanese_and_English_is_English()
    {
        Assert.Equal("できること", Texts.Japanese[nameof(Strings.Help_Title)]);
        Assert.Equal("What you can do", Texts.English[nameof(Strings.Help_Title)]);
        var english = Read(CultureInfo.GetCultureInfo("en"));
        var withJapanese = english.Where(e => e.Value.Any(c => c is >= '\u3040' and <= '\u30ff' or >= '\u4e00' and <= '\u9fff')).Select(e => e.Key).ToList();
        Assert.Empty(withJapanese);
    }

    [Theory]
    [InlineData("en-US", null, "en-US")]
    [InlineData("ja-JP", "en-GB", "ja-JP")]
    [InlineData(null, "en-GB", "en-US")]
    [InlineData(null, "ja", "ja-JP")]
    [InlineData(null, "fr-FR", "ja-JP")]
    [InlineData(null, null, "ja-JP")]
    public void Stored_preference_then_client_locale_then_Japanese(string? preferred, string? locale, string expected) =>
        Assert.Equal(expected, Languages.Resolve(preferred, locale).Name);
}
