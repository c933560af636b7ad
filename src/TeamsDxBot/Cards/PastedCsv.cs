using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace TeamsDxBot.Cards;

/// <summary>
/// CSV pasted into a card's text box: copied from a spreadsheet or an admin screen, it may be comma,
/// tab or semicolon separated, start with a byte-order mark and have blank lines. Header handling and
/// row checks stay with each feature, which reports problems by line number.
/// </summary>
public static class PastedCsv
{
    public static CsvReader Open(string csv) => new(new StringReader(csv.Replace("\r\n", "\n").TrimStart('\uFEFF')), new CsvConfiguration(CultureInfo.InvariantCulture)
    {
        HasHeaderRecord = false,
        IgnoreBlankLines = true,
        TrimOptions = TrimOptions.Trim,
        BadDataFound = null,
        MissingFieldFound = null,
        DetectDelimiter = true,
        DetectDelimiterValues = [",", "\t", ";"],
    });

    /// <summary>
    /// A column name or label as a lookup key: "Last Login", "last_login", "last-login", "lastLogin" and
    /// full-width forms are the same name.
    /// </summary>
    public static string Key(string name) =>
        name.Normalize(System.Text.NormalizationForm.FormKC).Trim().ToLowerInvariant().Replace(" ", "").Replace("_", "").Replace("-", "");
}
