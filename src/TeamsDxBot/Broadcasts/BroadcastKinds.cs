namespace TeamsDxBot.Broadcasts;

public enum BroadcastStatus
{
    Draft,
    /// <summary>Has occurrences still to go out (a campaign stays here until its last one is sent).</summary>
    Scheduled,
    Sent,
    Cancelled,
}

public enum BroadcastAudience
{
    Everyone,
    Departments,
    /// <summary>The departments of one initiative (everyone when it names none, as for pulses).</summary>
    Initiative,
    /// <summary>Named people (and everyone in <see cref="Broadcast.DepartmentIds"/>, if any): a thank-you to one key user. Other features create these; the composer does not offer it.</summary>
    People,
}
