namespace TeamsDxBot.Usage;

/// <summary>
/// The outcome of an import. With problems nothing was stored. Otherwise <see cref="Weeks"/> were replaced
/// by the matched people's rows; <see cref="UnmatchedLines"/> are the lines (or JSON items) whose person is
/// not in the directory, which were left out rather than guessed.
/// </summary>
public sealed record UsageImportResult(
    IReadOnlyList<UsageProblem> Problems,
    UsageWrite? Write = null,
    int People = 0,
    IReadOnlyList<DateOnly>? Weeks = null,
    IReadOnlyList<int>? UnmatchedLines = null)
{
    public bool Stored => Problems.Count == 0;

    public IReadOnlyList<DateOnly> WeeksOrEmpty => Weeks ?? [];

    public IReadOnlyList<int> Unmatched => UnmatchedLines ?? [];
}
