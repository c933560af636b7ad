using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace TeamsDxBot.Security;

/// <summary>
/// The deployment's secrets (section "Security"). <see cref="SigningKey"/> signs file links, survey
/// tickets and anonymous respondent keys; each use derives its own MAC from it under its own label.
/// </summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Where the signing key lived before it had a section of its own; still read so older deployments keep working.</summary>
    public const string FormerKey = "Files:SigningKey";

    /// <summary>Smallest HMAC-SHA256 key accepted: shorter keys weaken the signature below the hash's strength.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// Base64 HMAC key; every instance needs the same one, or links and survey cards made by one instance
    /// are refused by another. Required everywhere but Development.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Not a secret, on purpose: outside Production, several local instances and the tests must agree on
    /// links without any setup. The validator keeps it out of Production.
    /// </summary>
    internal static readonly byte[] DevelopmentKey = SHA256.HashData("TeamsDxBot development file links (not a secret)"u8);

    internal byte[] KeyBytes() => string.IsNullOrWhiteSpace(SigningKey) ? DevelopmentKey : Convert.FromBase64String(SigningKey.Trim());
}

/// <summary>
/// A host outside Development refuses to start without its own signing key: with the development key,
/// which is in the source, anyone could sign a link or a survey answer.
/// </summary>
public sealed class SecurityOptionsValidator(IHostEnvironment environment) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            // Only Development may fall back to the key in the source; Staging and the like are reachable too.
            return environment.IsDevelopment()
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail($"Security:SigningKey is required outside Development (older deployments may still set {SecurityOptions.FormerKey}): " +
                    $"a base64 key of at least {SecurityOptions.MinimumKeyBytes} random bytes (for example from `openssl rand -base64 32`), the same on every instance.");
        }
        return IsStrongKey(options.SigningKey)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Security:SigningKey (or {SecurityOptions.FormerKey}) must be base64 and decode to at least {SecurityOptions.MinimumKeyBytes} bytes.");
    }

    private static bool IsStrongKey(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key.Trim(), buffer, out var length) && length >= SecurityOptions.MinimumKeyBytes;
    }
}
