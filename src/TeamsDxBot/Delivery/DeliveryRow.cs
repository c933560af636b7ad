namespace TeamsDxBot.Delivery;

/// <summary>One recipient's delivery as the reports read it (the stored request is left out).</summary>
public sealed record DeliveryRow(
    string DedupeKey,
    DeliveryStatus? Status,
    string? Reason,
    DateTimeOffset? EnqueuedAt,
    DateTimeOffset? CompletedAt,
    bool PossibleDuplicate,
    int Attempts,
    string? AadObjectId,
    string? ActivityId);
