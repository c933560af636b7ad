namespace TeamsDxBot.Questions;

public enum QuestionStatus
{
    Open,
    Claimed,
    Answered,
    Reopened,
    Closed,
}

/// <summary>One state change: who, when, what, with an optional note (answer, follow-up, reason).</summary>
public sealed record QuestionEvent(DateTimeOffset At, string Actor, string Kind, string? Note = null);

public sealed record Question
{
    public const int MaxLength = 1000;

    public required string TenantId { get; init; }
    public required string Id { get; init; }
    public required string AskerId { get; init; }
    public string AskerName { get; init; } = "";
    public string? DepartmentId { get; init; }
    public required string Text { get; init; }
    public bool Urgent { get; init; }
    /// <summary>The tool (initiative) the question is about, if the asker picked one.</summary>
    public string? InitiativeId { get; init; }
    public string? InitiativeName { get; init; }
    public QuestionStatus Status { get; init; }
    /// <summary>Key users of the asker's department, or the promoters when the department has none.</summary>
    public IReadOnlyList<string> AssigneeIds { get; init; } = [];
    public string? ClaimedBy { get; init; }
    public string? AnsweredBy { get; init; }
    public string? Answer { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset DueAt { get; init; }
    /// <summary>The due time set when it was asked; extensions and follow-ups move only <see cref="DueAt"/>.</summary>
    public DateTimeOffset? FirstDueAt { get; init; }
    public IReadOnlyList<QuestionEvent> History { get; init; } = [];
    /// <summary>The assignees were reminded that it is nearly due.</summary>
    public bool Nudged { get; init; }
    /// <summary>It went past due unanswered and the promoters were told.</summary>
    public bool Escalated { get; init; }
    /// <summary>
    /// 1 + the index of the first change in <see cref="History"/> whose messages are not yet queued; 0 when
    /// all are. Written with the change itself, so a restart in between leaves a mark to finish from.
    /// </summary>
    public int NoticesOwed { get; init; }
    public Azure.ETag ETag { get; init; }

    public bool IsOpenForAnswer => Status is QuestionStatus.Open or QuestionStatus.Claimed or QuestionStatus.Reopened;

    /// <summary>
    /// Every reply the asker got, in order. <see cref="Answer"/> holds only the latest (each reply goes out on
    /// its own), but after a follow-up the latest alone answers the follow-up, not the question.
    /// </summary>
    public string? FullAnswer =>
        History.Where(e => e.Kind == "answered" && !string.IsNullOrWhiteSpace(e.Note)).Select(e => e.Note!.Trim()).ToList() is { Count: > 0 } replies
            ? string.Join("\n\n", replies)
            : Answer;

    /// <summary>What the asker wrote the last time they were still stuck.</summary>
    public string? LastFollowUp => History.LastOrDefault(e => e.Kind == "reopened")?.Note;

    public Question With(QuestionEvent change) =>
        this with { History = [.. History, change], NoticesOwed = NoticesOwed > 0 ? NoticesOwed : History.Count + 1 };
}
