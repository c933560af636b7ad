using Microsoft.Extensions.Options;

namespace TeamsDxBot.Files;

public sealed class FileOptions
{
    public const string Section = "Files";

    /// <summary>Absolute URL at which the Teams client reaches this host; file links start with it.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:3978";

    /// <summary>How long a published file (and its link) lives.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    internal Uri BaseUri() => new(PublicBaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
}

/// <summary>A host refuses to start with a file link base or lifetime that could not work (the signing key is checked with <see cref="Security.SecurityOptions"/>).</summary>
public sealed class FileOptionsValidator : IValidateOptions<FileOptions>
{
    public ValidateOptionsResult Validate(string? name, FileOptions options)
    {
        var failures = new List<string>();
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
}
