namespace TeamsDxBot.FakeConnector;

/// <summary>A failure the fake can answer with instead of accepting a call.</summary>
public enum FaultKind
{
    /// <summary>429 Throttled with Retry-After (1 s unless the injection says otherwise).</summary>
    TooManyRequests,

    /// <summary>429 Throttled without Retry-After, so the client must choose its own back-off.</summary>
    TooManyRequestsWithoutRetryAfter,

    /// <summary>412 PreconditionFailed, what Teams answers to concurrent operations on one conversation.</summary>
    PreconditionFailed,

    /// <summary>502 ServiceError.</summary>
    BadGateway,

    /// <summary>503 ServiceUnavailable.</summary>
    ServiceUnavailable,

    /// <summary>504 GatewayTimeout, answered at once.</summary>
    GatewayTimeout,

    /// <summary>Holds the request for <see cref="FakeConnectorOptions.TimeoutDelay"/>, then 504, so client timeouts get exercised.</summary>
    Timeout,

    /// <summary>Aborts the TCP connection without an answer.</summary>
    ConnectionReset,

    /// <summary>403 ConversationBlockedByUser.</summary>
    Forbidden,

    /// <summary>404 ConversationNotFound.</summary>
    NotFound,

    /// <summary>413 MessageSizeTooBig.</summary>
    PayloadTooLarge,
}

internal readonly record struct Fault(FaultKind Kind, TimeSpan? RetryAfter)
{
    /// <summary>Status, code and message as Teams documents them for its bot APIs.</summary>
    public (int Status, string Code, string Message) Answer => Kind switch
    {
        FaultKind.TooManyRequests or FaultKind.TooManyRequestsWithoutRetryAfter => (429, "Throttled", "Too many requests."),
        FaultKind.PreconditionFailed => (412, "PreconditionFailed", "Precondition failed, please try again."),
        FaultKind.BadGateway => (502, "ServiceError", "Service error."),
        FaultKind.ServiceUnavailable => (503, "ServiceUnavailable", "Service unavailable."),
        FaultKind.GatewayTimeout or FaultKind.Timeout => (504, "GatewayTimeout", "Gateway timeout."),
        FaultKind.Forbidden => (403, "ConversationBlockedByUser", "User blocked the conversation with the bot."),
        FaultKind.NotFound => (404, "ConversationNotFound", "Conversation not found."),
        FaultKind.PayloadTooLarge => (413, "MessageSizeTooBig", "Message size too large."),
        _ => (500, "InternalServerError", "Unknown fault " + Kind),
    };

    public TimeSpan? RetryAfterHeader => Kind switch
    {
        FaultKind.TooManyRequests => RetryAfter ?? TimeSpan.FromSeconds(1),
        FaultKind.TooManyRequestsWithoutRetryAfter or FaultKind.ConnectionReset => null,
        _ => RetryAfter,
    };
}

/// <summary>
/// The faults injected for one target, used up in the order they were injected, so a test can script
/// "two 429s, then a 502, then success".
/// </summary>
internal sealed class FaultQueue
{
    private sealed class Rule(Fault fault, int times)
    {
        public Fault Fault { get; } = fault;

        public int Remaining { get; set; } = times;
    }

    private readonly Queue<Rule> rules = new();

    public void Add(Fault fault, int times)
    {
        lock (rules)
        {
            rules.Enqueue(new Rule(fault, times));
        }
    }

    public Fault? Take()
    {
        lock (rules)
        {
            if (!rules.TryPeek(out var rule))
            {
                return null;
            }
            // int.MaxValue means "until cleared"; counting it down would end it after two billion calls.
            if (rule.Remaining != int.MaxValue && --rule.Remaining == 0)
            {
                rules.Dequeue();
            }
            return rule.Fault;
        }
    }
}

/// <summary>
/// Stable hashing for random faults. string.GetHashCode is randomised per process, which would make a
/// seed mean nothing across runs.
/// </summary>
internal static class FaultDice
{
    /// <summary>A uniform draw in [0, 1) and an independent index in [0, count) for the n-th call to a target.</summary>
    public static (double Draw, int Index) Roll(int seed, string target, bool member, int attempt, int count)
    {
        var h = 14695981039346656037UL; // FNV-1a over the target, then SplitMix64 to spread the bits
        foreach (var c in target)
        {
            h = (h ^ c) * 1099511628211UL;
        }
        h = Mix(h ^ ((ulong)(uint)seed << 32 | (uint)attempt) ^ (member ? 0xA5A5A5A5UL : 0));
        var draw = (h >> 11) * (1.0 / (1UL << 53));
        var index = (int)(Mix(h) % (ulong)count);
        return (draw, index);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
