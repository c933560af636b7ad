namespace TeamsDxBot.Usage;

/// <summary>What a key user or promoter recorded about following someone up.</summary>
public enum FollowUpMarkKind
{
    /// <summary>Spoken to (声をかけた); the list shows when, and counts whether they used the tool since.</summary>
    Contacted,

    /// <summary>No follow-up needed (on leave, not meant to use it): left out of the list, with a way back.</summary>
    NotNeeded,
}

/// <summary>One person's mark for one initiative, with who set it and when.</summary>
public sealed record FollowUpMark(string PersonId, FollowUpMarkKind Kind, string ById, string ByName, DateTimeOffset At);
