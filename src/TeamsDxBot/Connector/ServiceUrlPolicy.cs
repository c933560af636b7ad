using System.Security.Claims;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace TeamsDxBot.Connector;

/// <summary>
/// The SDK sends the bot's token to whatever service URL a conversation reference names, so only
/// references that point at known Bot Connector hosts are kept.
/// </summary>
public sealed class ServiceUrlPolicy(IOptionsMonitor<BotOptions> options, IHostEnvironment environment)
{
    /// <summary>The turn came through the adapter's authentication and names an allowed service URL.</summary>
    public bool IsTrusted(ITurnContext turn) =>
        turn.TurnState.Get<ClaimsIdentity>(BotAdapter.BotIdentityKey) is { IsAuthenticated: true } && IsAllowed(turn.Activity.ServiceUrl);

    public bool IsAllowed(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri))
        {
            return false;
        }
        if (environment.IsDevelopment() && uri.IsLoopback)
        {
            return true;
        }
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return false;
        }
        return options.CurrentValue.AllowedServiceUrlHosts.Any(h => h.StartsWith("*.", StringComparison.Ordinal)
            ? uri.Host.EndsWith(h[1..], StringComparison.OrdinalIgnoreCase)
            : uri.Host.Equals(h, StringComparison.OrdinalIgnoreCase));
    }
}
