namespace TeamsDxBot.Delivery;

/// <summary>The typed result of one attempt.</summary>
public enum SendOutcome
{
    Succeeded,
    /// <summary>429: the whole engine slows down and the row is retried after Retry-After.</summary>
    Throttled,
    /// <summary>403/404: blocked, uninstalled, not in the roster, conversation gone. Not retried.</summary>
    RecipientGone,
    /// <summary>412, 5xx, timeouts, resets: retried with backoff up to the configured limit.</summary>
    Transient,
    /// <summary>401, 413 and anything else: not retried.</summary>
    Failed,
}
