using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Storage;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Metrics;

/// <summary>A key just made: <see cref="Token"/> is shown to the promoter once and never stored.</summary>
public sealed record IssuedApiKey(ApiKey Key, string Token);

/// <summary>Outcome of a key change; ProblemKey is a resource key when nothing was changed.</summary>
public sealed record ApiKeyChange(string? ProblemKey, IssuedApiKey? Issued = null, int Revoked = 0);

/// <summary>
/// Keys look like <c>tdx_{keyId}_{secret}</c>: the id finds the row, the secret (32 random bytes) proves
/// possession. The secret has full entropy, so a plain SHA-256 is enough to keep it useless if the table
/// leaks; a slow password hash would only slow every request down.
/// </summary>
public sealed class ApiKeyService(ApiKeyRepository keys, InitiativeRepository initiatives, TimeProvider time, ILogger<ApiKeyService> logger)
{
    public const string Prefix = "tdx_";
    private const int KeyIdBytes = 8;
    private const int SecretBytes = 32;
    private static readonly int SecretLength = Base64Url.GetEncodedLength(SecretBytes);
    // Compared against when the key id is unknown, so an unknown id costs the same as a wrong secret.
    private static readonly byte[] NoKeyHash = new byte[SHA256.HashSizeInBytes];

    public Task<IReadOnlyList<ApiKey>> ListActiveAsync(string tenantId, CancellationToken ct) =>
        FilterActive(keys.ListAsync(tenantId, ct));

    /// <summary>Makes a new key for the initiative and revokes its earlier active keys, in one transaction.</summary>
    public async Task<ApiKeyChange> RotateAsync(UserContext actor, string? initiativeId, CancellationToken ct)
    {
        if (await CheckAsync(actor, initiativeId, ct) is { } problem)
        {
            return new ApiKeyChange(problem);
        }
        var tenantId = actor.Person.TenantId;
        try
        {
            return await OptimisticConcurrency.RunAsync(async token =>
            {
                var now = time.GetUtcNow();
                var earlier = await FilterActive(keys.ListAsync(tenantId, initiativeId!, token));
                var secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
                var key = new ApiKey
                {
                    Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdBytes)),
                    TenantId = tenantId,
                    InitiativeId = initiativeId!,
                    SecretHash = Hash(secret),
                    CreatedBy = actor.Person.AadObjectId,
                    CreatedAt = now,
                };
                await keys.SaveAsync(key, Revoke(earlier, actor, now), token);
                logger.LogInformation("API key {KeyId} created for initiative {InitiativeId} by {Actor}; {Revoked} earlier keys revoked",
                    key.Id, initiativeId, actor.Person.AadObjectId, earlier.Count);
                return new ApiKeyChange(null, new IssuedApiKey(key, $"{Prefix}{key.Id}_{secret}"), earlier.Count);
            }, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return new ApiKeyChange(nameof(Strings.Common_ChangedMeanwhile));
        }
    }

    /// <summary>Revokes every active key of the initiative; systems using them get 401 from then on.</summary>
    public async Task<ApiKeyChange> RevokeAsync(UserContext actor, string? initiativeId, CancellationToken ct)
    {
        if (await CheckAsync(actor, initiativeId, ct) is { } problem)
        {
            return new ApiKeyChange(problem);
        }
        var tenantId = actor.Person.TenantId;
        try
        {
            return await OptimisticConcurrency.RunAsync(async token =>
            {
                var active = await FilterActive(keys.ListAsync(tenantId, initiativeId!, token));
                if (active.Count == 0)
                {
                    return new ApiKeyChange(nameof(Strings.ApiKey_NoneActive));
                }
                await keys.SaveAsync(null, Revoke(active, actor, time.GetUtcNow()), token);
                logger.LogInformation("{Revoked} API keys of initiative {InitiativeId} revoked by {Actor}", active.Count, initiativeId, actor.Person.AadObjectId);
                return new ApiKeyChange(null, Revoked: active.Count);
            }, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return new ApiKeyChange(nameof(Strings.Common_ChangedMeanwhile));
        }
    }

    /// <summary>The active key the presented text is, or null. Never logs the presented text.</summary>
    public async Task<ApiKey?> AuthenticateAsync(string? presented, CancellationToken ct)
    {
        if (!TryParse(presented, out var keyId, out var secret))
        {
            return null;
        }
        var key = await keys.GetAsync(keyId, ct);
        var matches = CryptographicOperations.FixedTimeEquals(Hash(secret), key?.SecretHash is { Length: SHA256.HashSizeInBytes } stored ? stored : NoKeyHash);
        if (!matches || key is null)
        {
            logger.LogWarning("Refused API key {KeyId}: unknown id or wrong secret", keyId);
            return null;
        }
        if (!key.IsActive)
        {
            logger.LogWarning("Refused revoked API key {KeyId} of initiative {InitiativeId}", key.Id, key.InitiativeId);
            return null;
        }
        return key;
    }

    public static bool TryParse(string? presented, out string keyId, out string secret)
    {
        keyId = secret = "";
        var text = presented?.Trim() ?? "";
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var rest = text[Prefix.Length..];
        var split = rest.IndexOf('_', StringComparison.Ordinal);
        if (split != KeyIdBytes * 2 || rest.Length - split - 1 != SecretLength)
        {
            return false;
        }
        keyId = rest[..split];
        secret = rest[(split + 1)..];
        return keyId.All(char.IsAsciiHexDigitLower) && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
    }

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.ASCII.GetBytes(secret));

    private static List<ApiKey> Revoke(IEnumerable<ApiKey> active, UserContext actor, DateTimeOffset now) =>
        active.Select(k => k with { RevokedAt = now, RevokedBy = actor.Person.AadObjectId }).ToList();

    private static async Task<IReadOnlyList<ApiKey>> FilterActive(Task<IReadOnlyList<ApiKey>> all) =>
        (await all).Where(k => k.IsActive).ToList();

    /// <summary>Only promoters, and only for an initiative of their own tenant (the id comes from a card and is not trusted).</summary>
    private async Task<string?> CheckAsync(UserContext actor, string? initiativeId, CancellationToken ct)
    {
        if (!actor.IsPromoter)
        {
            return nameof(Strings.Error_NotAllowed);
        }
        if (string.IsNullOrWhiteSpace(initiativeId) || await initiatives.GetAsync(actor.Person.TenantId, initiativeId, ct) is null)
        {
            return nameof(Strings.Metrics_InitiativeNotFound);
        }
        return null;
    }
}
