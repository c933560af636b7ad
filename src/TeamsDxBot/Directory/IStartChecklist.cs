using TeamsDxBot.Turns;

namespace TeamsDxBot.Directory;

/// <summary>
/// The promoter's start-here checklist, shown on first contact and with help. Directory and Bot show it,
/// but only a feature above them knows every setting it reports (initiatives, pulses), so that feature
/// implements it (consumer-owned interface).
/// </summary>
public interface IStartChecklist
{
    /// <summary>Sends the checklist to a promoter, at most once per turn.</summary>
    /// <returns>False when this person gets no checklist (not a promoter) or it was already sent this turn.</returns>
    Task<bool> SendIfPromoterAsync(TurnRequest request, CancellationToken ct);
}
