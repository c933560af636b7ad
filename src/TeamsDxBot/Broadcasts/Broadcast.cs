namespace TeamsDxBot.Broadcasts;

public sealed record Broadcast
{
    public const int MaxTitle = 100;
    public const int MaxBody = 4000;
    public const int MaxLinkTitle = 40;
    public const int MaxUrl = 2000;
    public const int MaxOccurrences = 24;

    public required string TenantId { get; init; }
    public required string Id { get; init; }
    public string Title { get; init; } = "";
    /// <summary>Teams markdown as the author wrote it.</summary>
    public string Body { get; init; } = "";
    public string? ImageUrl { get; init; }
    public string? LinkTitle { get; init; }
    public string? LinkUrl { get; init; }
    public BroadcastAudience Audience { get; init; }
    public IReadOnlyList<string> DepartmentIds { get; init; } = [];
    /// <summary>Who a <see cref="BroadcastAudience.People"/> broadcast names (directory ids).</summary>
    public IReadOnlyList<string> PersonIds { get; init; } = [];
    public string? InitiativeId { get; init; }
    /// <summary>Recipients get an "I'll try it" button and the author sees how many pressed it.</summary>
    public bool Acknowledge { get; init; }
    public BroadcastScheduleForm Schedule { get; init; } = new();
    /// <summary>The author's zone when it was scheduled; the occurrences are wall-clock times there.</summary>
    public string? TimeZone { get; init; }
    public IReadOnlyList<BroadcastOccurrence> Occurrences { get; init; } = [];
    public BroadcastStatus Status { get; init; }
    public required string AuthorId { get; init; }
    public string AuthorName { get; init; } = "";
    /// <summary>The author was an executive when they last saved it (what the nudges ask about).</summary>
    public bool ByExecutive { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string UpdatedBy { get; init; } = "";
    public Azure.ETag ETag { get; init; }

    /// <summary>The earliest occurrence not yet sent; what the scheduler looks for.</summary>
    public DateTimeOffset? NextAt => Occurrences.Where(o => o.SentAt is null).Select(o => (DateTimeOffset?)o.At).Min();

    /// <summary>Something went out (or is going out): the content and schedule are fixed from then on.</summary>
    public bool Started => Occurrences.Any(o => o.StartedAt is not null);

    /// <summary>An occurrence is being enqueued right now.</summary>
    public bool InProgress => Occurrences.Any(o => o.StartedAt is not null && o.SentAt is null);

    public DateTimeOffset? LastSentAt => Occurrences.Select(o => o.SentAt).Max();

    public bool IsOpen => Status is BroadcastStatus.Draft or BroadcastStatus.Scheduled;
}

/// <summary>What other features hand over to become a draft (the nudges propose executive messages this way).</summary>
public sealed record BroadcastDraft(string Title, string Body, BroadcastAudience Audience, IReadOnlyList<string> DepartmentIds, string? InitiativeId, bool Acknowledge)
{
    /// <summary>The people a <see cref="BroadcastAudience.People"/> draft names.</summary>
    public IReadOnlyList<string> PersonIds { get; init; } = [];
}

/// <summary>Someone pressed "I'll try it"; their department at that moment is what the author's figures count.</summary>
public sealed record BroadcastAck(string TenantId, string BroadcastId, string AadObjectId, string DepartmentId, int Occurrence, DateTimeOffset At);
