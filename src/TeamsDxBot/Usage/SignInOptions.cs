using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace TeamsDxBot.Usage;

/// <summary>
/// Section "Usage:SignIns": reading the sign-ins of tools that sign in through Microsoft Entra ID from
/// Microsoft Graph (application permission AuditLog.Read.All, an Entra ID P1/P2 tenant). Off by default.
/// </summary>
public sealed class SignInOptions
{
    public const string Section = "Usage:SignIns";

    public bool Enabled { get; set; }

    /// <summary>Graph's v1.0 root; another cloud's Graph, or a fake on loopback in the tests.</summary>
    [Required]
    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>Client id of the user-assigned managed identity to call Graph as (on Azure, the bot's own identity).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Outside Azure: an app registration's tenant, client id and secret instead of a managed identity.</summary>
    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>How often an instance looks for initiatives whose day's read is not done yet.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A company day is read once it is over by this much: Entra can take a while to show a sign-in.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Days read back when an initiative's reading starts (Entra keeps sign-ins for 30 days).</summary>
    [Range(1, 30)]
    public int FirstReadDays { get; set; } = 7;

    /// <summary>How long one instance holds an initiative's read before another may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(30);

    internal bool UsesManagedIdentity => !string.IsNullOrWhiteSpace(ManagedIdentityClientId);
}

/// <summary>When reading is on, the host does not start without a Graph URL and exactly one way to get a token.</summary>
public sealed class SignInOptionsValidator : IValidateOptions<SignInOptions>
{
    public ValidateOptionsResult Validate(string? name, SignInOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        if (!Uri.TryCreate(options.GraphBaseUrl, UriKind.Absolute, out var url)
            || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            failures.Add($"Usage:SignIns:GraphBaseUrl '{options.GraphBaseUrl}' must be an absolute https URL (http only on loopback).");
        }
        var secret = new[] { options.TenantId, options.ClientId, options.ClientSecret };
        var anySecret = secret.Any(v => !string.IsNullOrWhiteSpace(v));
        if (options.UsesManagedIdentity && anySecret)
        {
            failures.Add("Usage:SignIns: set either ManagedIdentityClientId or TenantId/ClientId/ClientSecret, not both.");
        }
        else if (!options.UsesManagedIdentity && !(anySecret && secret.All(v => !string.IsNullOrWhiteSpace(v))))
        {
            failures.Add("Usage:SignIns: set ManagedIdentityClientId (on Azure) or all of TenantId, ClientId and ClientSecret.");
        }
        if (options.CheckInterval <= TimeSpan.Zero || options.Lease <= TimeSpan.Zero || options.Delay < TimeSpan.Zero)
        {
            failures.Add("Usage:SignIns:CheckInterval and Lease must be positive, Delay not negative.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
