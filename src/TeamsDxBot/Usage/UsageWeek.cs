namespace TeamsDxBot.Usage;

/// <summary>
/// One person's measured use of one initiative's tool in one ISO week (Monday start, company time zone):
/// on how many days they were active and the last of those days. Weeks without a row mean no activity
/// was imported for them.
/// </summary>
public sealed record UsageWeek
{
    public required string TenantId { get; init; }
    public required string InitiativeId { get; init; }
    public required string PersonId { get; init; }

    /// <summary>The Monday of the week, in the company's time zone.</summary>
    public required DateOnly WeekStart { get; init; }

    /// <summary>0–7.</summary>
    public required int ActiveDays { get; init; }

    public required DateOnly LastActive { get; init; }

    /// <summary>Sum of the count column when the import had one; null otherwise.</summary>
    public int? Uses { get; init; }

    /// <summary>"chat:{aadObjectId}" or "api:{keyId}".</summary>
    public required string Source { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }

    public static DateOnly MondayOf(DateOnly date) => date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
}
