using System.Text;

namespace TeamsDxBot.Cards;

/// <summary>
/// The text of a CSV file as Excel saves it: "CSV UTF-8" (with a byte-order mark), plain UTF-8 from other
/// tools, or "CSV" on a Japanese Windows, which is Shift_JIS (code page 932). Strict UTF-8 is tried
/// first because Shift_JIS bytes are almost never valid UTF-8, while UTF-8 Japanese often decodes as
/// (wrong) Shift_JIS; null when neither reads cleanly, so nobody is shown mojibake in line errors.
/// </summary>
public static class CsvText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Encoding ShiftJis = CreateShiftJis();

    private static Encoding CreateShiftJis()
    {
        // Code pages other than UTF-8/16/ASCII/Latin-1 ship with .NET but are only usable once registered.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    public static string? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            return TryDecode(StrictUtf8, bytes[Encoding.UTF8.Preamble.Length..]);
        }
        return TryDecode(StrictUtf8, bytes) ?? TryDecode(ShiftJis, bytes);
    }

    private static string? TryDecode(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        try
        {
            var text = encoding.GetString(bytes);
            // Control characters (NUL above all: UTF-16) and the private-use characters code page 932 maps
            // its unassigned bytes to are not in any CSV a person typed: the bytes were something else.
            return text.Any(c => (char.IsControl(c) && c is not ('\t' or '\r' or '\n')) || c is >= '\uE000' and <= '\uF8FF') ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
