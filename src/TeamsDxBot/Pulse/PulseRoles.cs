namespace TeamsDxBot.Pulse;

/// <summary>
/// What a question means to the KPIs. Custom questions have no role; the defaults carry one so the
/// use rate, ease and fallback figures keep working after the promoter reorders or rewords them.
/// </summary>
public static class PulseRoles
{
    public const string Usage = "usage";
    public const string Ease = "ease";
    public const string Fallback = "fallback";
    public const string Blockers = "blockers";
    public const string Comment = "comment";
    public const string Works = "works";
    public const string DoesNotWork = "doesnotwork";
    public const string Change = "change";

    /// <summary>The usage answer that means "did not use it this week".</summary>
    public const string NotUsed = "none";
}
