using System.Globalization;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;

namespace TeamsDxBot.Usage;

/// <summary>One successful sign-in to a tool, as far as counting a day of use needs it.</summary>
public sealed record SignInRecord(DateTimeOffset At, string? UserId, string? UserPrincipalName);

/// <summary>The token source for Graph: the managed identity or client secret the settings name (the tests put a fixed token here).</summary>
public sealed class SignInCredential
{
    private readonly Lazy<TokenCredential> credential;

    public SignInCredential(TokenCredential credential) => this.credential = new(credential);

    /// <summary>Built on first use: a host with reading off has no credential settings to build one from.</summary>
    private SignInCredential(Func<TokenCredential> create) => credential = new(create);

    public TokenCredential Credential => credential.Value;

    public static SignInCredential From(SignInOptions options) => new(() => options.UsesManagedIdentity
        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId!))
        : new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret));
}

/// <summary>
/// Reads <c>GET /auditLogs/signIns</c> through the Graph SDK, whose default handlers retry a throttled
/// (429) or unavailable (503/504) request after its Retry-After; every page (<c>@odata.nextLink</c>) is
/// read before anything is returned, so a read cut short returns nothing.
/// </summary>
public sealed class SignInGraph(IOptions<SignInOptions> options, SignInCredential credential)
{
    private readonly Lazy<GraphServiceClient> client = new(() => Create(options.Value, credential.Credential));

    private static GraphServiceClient Create(SignInOptions options, TokenCredential credential)
    {
        var root = new Uri(options.GraphBaseUrl, UriKind.Absolute);
        // Graph's token audience is its own host, whichever cloud; the path (/v1.0) is not part of it.
        var scope = $"https://{root.Host}/.default";
        // The token goes to the configured host only (the SDK's own list has Graph's public hosts, not another one).
        var authentication = new Microsoft.Graph.Authentication.AzureIdentityAuthenticationProvider(credential, [root.Host], null, true, scope);
        return new GraphServiceClient(authentication, options.GraphBaseUrl.TrimEnd('/'));
    }

    /// <summary>Successful sign-ins to the app created in [<paramref name="from"/>, <paramref name="until"/>).</summary>
    public async Task<IReadOnlyList<SignInRecord>> ReadAsync(string appId, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        var graph = client.Value;
        var filter = string.Create(CultureInfo.InvariantCulture,
            $"appId eq '{appId}' and createdDateTime ge {Instant(from)} and createdDateTime lt {Instant(until)}");
        var page = await graph.AuditLogs.SignIns.GetAsync(request =>
        {
            request.QueryParameters.Filter = filter;
            request.QueryParameters.Select = ["createdDateTime", "userId", "userPrincipalName", "appId", "status"];
            request.QueryParameters.Top = 1000;
        }, ct);
        var records = new List<SignInRecord>();
        while (page is not null)
        {
            foreach (var signIn in page.Value ?? [])
            {
                // A failed sign-in (wrong password, blocked by policy) is no use of the tool; the filter is re-checked
                // because the app id is the one thing that must never be wrong.
                if (signIn.CreatedDateTime is { } at && (signIn.Status?.ErrorCode ?? 0) == 0
                    && string.Equals(signIn.AppId, appId, StringComparison.OrdinalIgnoreCase))
                {
                    records.Add(new SignInRecord(at, signIn.UserId, signIn.UserPrincipalName));
                }
            }
            page = string.IsNullOrEmpty(page.OdataNextLink) ? null : await graph.AuditLogs.SignIns.WithUrl(page.OdataNextLink).GetAsync(cancellationToken: ct);
        }
        return records;
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
