namespace TeamsDxBot.Initiatives;

/// <summary>A tool being adopted. Surveys, KPIs and campaigns hang on it.</summary>
public sealed record Initiative
{
    public const int MaxNameLength = 80;
    public const int DefaultTargetPercent = 70;
    public const int DefaultTargetMonths = 3;

    public required string TenantId { get; init; }
    public required string Id { get; init; }
    /// <summary>The Japanese (default) name.</summary>
    public required string Name { get; init; }
    /// <summary>Optional English name, used on English cards; empty: <see cref="Name"/> everywhere.</summary>
    public string NameEn { get; init; } = "";
    /// <summary>
    /// The tool's application (client) id in Microsoft Entra ID, lower-case with dashes; empty: the bot does
    /// not read the tool's sign-ins for this initiative.
    /// </summary>
    public string SignInAppId { get; init; } = "";
    public DateOnly GoLive { get; init; }
    /// <summary>Target share of people using the tool weekly, in percent (1–100).</summary>
    public int TargetPercent { get; init; } = DefaultTargetPercent;
    public DateOnly TargetDate { get; init; }
    /// <summary>Departments covered; empty means the whole company.</summary>
    public IReadOnlyList<string> DepartmentIds { get; init; } = [];
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public Azure.ETag ETag { get; init; }

    /// <summary>The name to show a reader of this language.</summary>
    public string NameFor(bool english) => english && NameEn.Length > 0 ? NameEn : Name;
}
