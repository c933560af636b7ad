using TeamsDxBot.Localization;

namespace TeamsDxBot.Initiatives;

/// <summary>One line a feature adds under an initiative on the promoters' list (label and value, as the card's facts).</summary>
public sealed record InitiativeFact(string Label, string Value);

/// <summary>
/// Lets a feature on a higher floor say how its part of an initiative is doing (the sign-in reading's last
/// run or its error) on the initiatives list, which only promoters see these on.
/// </summary>
public interface IInitiativeStatus
{
    Task<IReadOnlyList<InitiativeFact>> FactsAsync(Texts t, Initiative initiative, CancellationToken ct);
}
