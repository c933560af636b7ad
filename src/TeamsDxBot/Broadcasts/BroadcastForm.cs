namespace TeamsDxBot.Broadcasts;

/// <summary>The composer's inputs, as strings straight from the card.</summary>
public sealed record BroadcastForm(
    string? Id,
    string? ETag,
    string? Title,
    string? Body,
    string? ImageUrl,
    string? LinkTitle,
    string? LinkUrl,
    string? Audience,
    string? DepartmentIds,
    string? InitiativeId,
    string? Acknowledge,
    BroadcastScheduleForm Schedule);
