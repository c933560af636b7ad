using TeamsDxBot.Localization;

namespace TeamsDxBot.Directory;

/// <summary>Who is speaking in this turn, what they may do, and the language to answer in.</summary>
public sealed record UserContext(Person Person, IReadOnlySet<Role> Roles, Texts T, bool IsNew)
{
    public bool Has(Role role) => Roles.Contains(role);

    public bool IsPromoter => Has(Role.Promoter);
}
