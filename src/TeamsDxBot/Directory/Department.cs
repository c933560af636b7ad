namespace TeamsDxBot.Directory;

public sealed record Department(string TenantId, string Id, string Name, bool Archived, DateTimeOffset CreatedAt)
{
    public Azure.ETag ETag { get; init; }

    /// <summary>IANA time zone for business hours and deadlines; null means the company's (Questions:TimeZone).</summary>
    public string? TimeZone { get; init; }

    /// <summary>Names are unique per tenant regardless of case, width (ＡＢＣ/ABC) and surrounding spaces.</summary>
    public static string NormalizeName(string name) =>
        name.Normalize(System.Text.NormalizationForm.FormKC).Trim().ToUpperInvariant();

    public const int MaxNameLength = 50;
}
