namespace TeamsDxBot.Turns;

public enum Reachability
{
    /// <summary>Known from a team roster; no 1:1 chat has been opened yet.</summary>
    Unknown,
    Reachable,
    /// <summary>Uninstalled the app, blocked the bot or left the tenant; history is kept.</summary>
    Unreachable,
}

/// <summary>Where the bot can post to a person's 1:1 chat without them writing first.</summary>
public sealed record ConversationAddress(string ServiceUrl, string ConversationId, string BotId, string ChannelId);

public sealed record Person
{
    public required string TenantId { get; init; }
    public required string AadObjectId { get; init; }
    public string? TeamsUserId { get; init; }
    public string Name { get; init; } = "";
    /// <summary>Email or UPN, lower-cased; used by roster imports.</summary>
    public string? Email { get; init; }
    public string? Locale { get; init; }
    public string? TimeZone { get; init; }
    /// <summary>"ja-JP" or "en-US" once the person chose; otherwise the client locale decides.</summary>
    public string? PreferredLanguage { get; init; }
    public string? DepartmentId { get; init; }
    /// <summary>The company's own employee number (roster import), unique in the tenant; matches the tool's usage data.</summary>
    public string? EmployeeId { get; init; }
    public bool IsExecutive { get; init; }
    public bool IsPromoter { get; init; }
    public IReadOnlySet<string> KeyUserOf { get; init; } = new HashSet<string>();
    public ConversationAddress? Conversation { get; init; }
    /// <summary>Service URL learnt from a team roster, used to open the first 1:1 chat.</summary>
    public string? ServiceUrl { get; init; }
    public Reachability Reachability { get; init; }
    public DateTimeOffset FirstSeen { get; init; }
    public DateTimeOffset LastSeen { get; init; }
    public DateTimeOffset? WelcomedAt { get; init; }
    public DateTimeOffset? UninstalledAt { get; init; }
    /// <summary>No pulse surveys until after this date (holidays, leave).</summary>
    public DateOnly? PulsePausedUntil { get; init; }
    public Azure.ETag ETag { get; init; }

    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Email ?? AadObjectId : Name;

    /// <summary>The bot can post to them without them writing first: not gone, and a chat or a roster service URL is known.</summary>
    public bool CanBeMessaged => Reachability != Reachability.Unreachable && (Conversation is not null || ServiceUrl is not null);
}
