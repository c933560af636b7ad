namespace TeamsDxBot.Storage;

/// <summary>
/// Ids that arrive from outside (activities, card data) end up as PartitionKey/RowKey. Azure Tables refuse
/// keys with / \ # ? or control characters (a 400 from storage), so such ids are turned away before any
/// storage call, as an id that names nothing.
/// </summary>
public static class TableKeys
{
    /// <summary>Longer than any id the bot or Teams hands out (GUIDs, 29:… member ids), far below the 1 KiB key limit.</summary>
    public const int MaxLength = 256;

    public static bool IsSafe([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && !id.AsSpan().ContainsAny(Forbidden) && !id.Any(char.IsControl);

    /// <summary>
    /// Entra tenant and object ids are GUIDs; letters, digits, '-', '.' and '_' (up to 128) leave room for
    /// test and emulator ids and for nothing that could be mistaken for another key or a query.
    /// </summary>
    public static bool IsEntraId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? id) =>
        id is { Length: > 0 and <= 128 } && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create("/\\#?");
}
