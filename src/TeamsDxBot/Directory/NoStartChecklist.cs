using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>
/// Used when no feature provides the checklist (a host without the onboarding feature): the welcome and
/// help then read as they did before it existed.
/// </summary>
public sealed class NoStartChecklist : IStartChecklist
{
    public Task<bool> SendIfPromoterAsync(TurnRequest request, CancellationToken ct) => Task.FromResult(false);
}
