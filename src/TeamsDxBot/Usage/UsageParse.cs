namespace TeamsDxBot.Usage;

/// <summary>A problem with an import; Line is the CSV line or the JSON array position (from 1), 0 for the import as a whole.</summary>
public sealed record UsageProblem(int Line, string Key, params object[] Args);

/// <summary>One row as sent, before validation; every value is still text.</summary>
public sealed record UsageRow(int Line, string? Email, string? EmployeeId, string? Date, string? Count, string? LastActive);

/// <summary>What was read: rows, shape problems, and whether it is a user list (last active) rather than active days.</summary>
public sealed record UsageParse(List<UsageRow> Rows, List<UsageProblem> Problems, bool Snapshot);
