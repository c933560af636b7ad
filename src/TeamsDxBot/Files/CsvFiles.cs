using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace TeamsDxBot.Files;

/// <summary>
/// Every CSV the bot writes goes through here: UTF-8 with a byte-order mark (Excel reads Japanese
/// right), and cells a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are
/// written as text, so a comment like <c>=HYPERLINK(...)</c> reaches the reader's Excel harmless.
/// </summary>
public static class CsvFiles
{
    public static CsvConfiguration Configuration() => new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
    };

    public static byte[] Write(Action<CsvWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, Configuration()))
        {
            write(csv);
        }
        return stream.ToArray();
    }
}
