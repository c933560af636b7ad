using System.ComponentModel.DataAnnotations;

namespace TeamsDxBot.Usage;

/// <summary>Who may see people's names in the measured usage figures (executives see departments only, always).</summary>
public enum UsageNames
{
    Promoters,
    PromotersAndKeyUsers,
    Nobody,
}

public sealed class UsageOptions
{
    public const string Section = "Usage";

    /// <summary>A person active before but in none of this many recent weeks has lapsed.</summary>
    [Range(1, 26)]
    public int LapsedWeeks { get; set; } = 2;

    [EnumDataType(typeof(UsageNames))]
    public UsageNames NamesVisibleTo { get; set; } = UsageNames.PromotersAndKeyUsers;
}
