namespace TeamsDxBot.Broadcasts;

/// <summary>The composer's choices of when to send.</summary>
public static class BroadcastTiming
{
    public const string Now = "now";
    public const string Once = "once";
    public const string Dates = "dates";
    public const string Weekly = "weekly";
    public const string Monthly = "monthly";

    public static IReadOnlyList<string> All { get; } = [Now, Once, Dates, Weekly, Monthly];
}

/// <summary>One sending of a broadcast (a campaign has several), numbered from 1.</summary>
public sealed record BroadcastOccurrence(int Number, DateTimeOffset At)
{
    /// <summary>An instance took it on; from here it can no longer be edited or cancelled.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Every recipient's message is in the outbox.</summary>
    public DateTimeOffset? SentAt { get; init; }

    public int Recipients { get; init; }
}
