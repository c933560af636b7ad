using TeamsDxBot.Localization;

namespace TeamsDxBot.Turns;

/// <summary>Who is speaking in this turn, what they may do, and the language to answer in.</summary>
public sealed record UserContext(Person Person, IReadOnlySet<Role> Roles, Texts T, bool IsNew)
{
    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>
    /// Whether a command or card action meant for <paramref name="audience"/> is open to this person:
    /// what key users may do is also open to the promoters and executives who lead them.
    /// </summary>
    public bool MayUse(Role audience) => Has(audience) || (audience == Role.KeyUser && (Has(Role.Promoter) || Has(Role.Executive)));

    public bool IsPromoter => Has(Role.Promoter);
}
