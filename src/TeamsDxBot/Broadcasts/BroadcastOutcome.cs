namespace TeamsDxBot.Broadcasts;

public enum BroadcastOutcome
{
    Saved,
    Scheduled,
    Sent,
    Cancelled,
    Unchanged,
    Invalid,
    /// <summary>Someone changed it since the card was shown.</summary>
    Stale,
    NotFound,
    NotAllowed,
    /// <summary>Sent, cancelled, or partly sent: no longer editable.</summary>
    Locked,
    /// <summary>An occurrence is going out right now.</summary>
    Busy,
}
