using Microsoft.Extensions.Options;

namespace TeamsDxBot.Connector;

/// <summary>The Bot Framework's own setting names, read from the configuration root as the SDK expects.</summary>
public sealed class BotCredentials
{
    public string? MicrosoftAppType { get; set; }
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string? MicrosoftAppTenantId { get; set; }

    public bool IsAnonymous => string.IsNullOrWhiteSpace(MicrosoftAppId);
}

/// <summary>
/// Every environment but Development refuses to start without credentials: an anonymous bot accepts
/// unauthenticated activities, so anyone could post as any person (the configured admins included).
/// </summary>
public sealed class BotCredentialsValidator(IHostEnvironment environment) : IValidateOptions<BotCredentials>
{
    public ValidateOptionsResult Validate(string? name, BotCredentials options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }
        var missing = new List<string>();
        var type = options.MicrosoftAppType?.Trim() ?? "MultiTenant";
        if (string.IsNullOrWhiteSpace(options.MicrosoftAppId))
        {
            missing.Add(nameof(BotCredentials.MicrosoftAppId));
        }
        var managedIdentity = type.Equals("UserAssignedMSI", StringComparison.OrdinalIgnoreCase);
        if (!managedIdentity && string.IsNullOrWhiteSpace(options.MicrosoftAppPassword))
        {
            missing.Add(nameof(BotCredentials.MicrosoftAppPassword));
        }
        if ((managedIdentity || type.Equals("SingleTenant", StringComparison.OrdinalIgnoreCase)) && string.IsNullOrWhiteSpace(options.MicrosoftAppTenantId))
        {
            missing.Add(nameof(BotCredentials.MicrosoftAppTenantId));
        }
        if (!new[] { "MultiTenant", "SingleTenant", "UserAssignedMSI" }.Contains(type, StringComparer.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail($"MicrosoftAppType '{type}' is not one of MultiTenant, SingleTenant, UserAssignedMSI.");
        }
        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"The bot cannot start outside Development without credentials. Missing settings: {string.Join(", ", missing)} " +
                "(an app id with a client secret, or MicrosoftAppType=UserAssignedMSI with the managed identity's client id and tenant id).");
    }
}
