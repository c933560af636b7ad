namespace TeamsDxBot.Usage;

/// <summary>The columns (or JSON properties) a usage import knows.</summary>
public enum UsageField
{
    Email,
    EmployeeId,
    Date,
    Count,
    LastActive,
}
