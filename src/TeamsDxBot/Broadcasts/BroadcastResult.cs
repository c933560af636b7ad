namespace TeamsDxBot.Broadcasts;

public sealed record BroadcastResult(BroadcastOutcome Outcome, Broadcast? Broadcast = null, IReadOnlyList<BroadcastProblem>? Problems = null)
{
    public IReadOnlyList<BroadcastProblem> ProblemList => Problems ?? [];
}
