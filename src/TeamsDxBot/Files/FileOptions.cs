using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace TeamsDxBot.Files;

public sealed class FileOptions
{
    public const string Section = "Files";

    /// <summary>Smallest HMAC-SHA256 key accepted: shorter keys weaken the signature below the hash's strength.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// Base64 HMAC key signing file links; every instance needs the same one, or links made by one
    /// instance are refused by another. Required everywhere but Development.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Absolute URL at which the Teams client reaches this host; file links start with it.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:3978";

    /// <summary>How long a published file (and its link) lives.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Not a secret, on purpose: outside Production, several local instances and the tests must agree on
    /// links without any setup. The validator keeps it out of Production.
    /// </summary>
    internal static readonly byte[] DevelopmentKey = SHA256.HashData("TeamsDxBot development file links (not a secret)"u8);

    internal byte[] KeyBytes() => string.IsNullOrWhiteSpace(SigningKey) ? DevelopmentKey : Convert.FromBase64String(SigningKey.Trim());

    internal Uri BaseUri() => new(PublicBaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
}

/// <summary>
/// A Production host refuses to start without its own signing key: with the development key, which is
/// in the source, anyone could sign a link.
/// </summary>
public sealed class FileOptionsValidator(IHostEnvironment environment) : IValidateOptions<FileOptions>
{
    public ValidateOptionsResult Validate(string? name, FileOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            // Only Development may fall back to the key in the source; Staging and the like are reachable too.
            if (!environment.IsDevelopment())
            {
                failures.Add($"Files:SigningKey is required outside Development: a base64 key of at least {FileOptions.MinimumKeyBytes} random bytes " +
                    "(for example from `openssl rand -base64 32`), the same on every instance.");
            }
        }
        else if (!IsStrongKey(options.SigningKey))
        {
            failures.Add($"Files:SigningKey must be base64 and decode to at least {FileOptions.MinimumKeyBytes} bytes.");
        }
        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment))
        {
            failures.Add($"Files:PublicBaseUrl '{options.PublicBaseUrl}' must be an absolute http or https URL without query or fragment, reachable by the Teams client.");
        }
        if (options.Lifetime <= TimeSpan.Zero || options.SweepInterval <= TimeSpan.Zero)
        {
            failures.Add("Files:Lifetime and Files:SweepInterval must be positive.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsStrongKey(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key.Trim(), buffer, out var length) && length >= FileOptions.MinimumKeyBytes;
    }
}
