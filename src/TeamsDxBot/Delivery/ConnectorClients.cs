using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Connector;
using Microsoft.Extensions.Options;
using TeamsDxBot.Connector;

namespace TeamsDxBot.Delivery;

/// <summary>
/// One long-lived Bot Connector client per service URL for everything the bot starts itself.
/// CloudAdapter.ContinueConversationAsync builds a new client (and with it a cold JSON contract cache)
/// for every call, which measured at ~37 ms of CPU per message; a reused client costs a fraction of
/// that. The client's credentials cache and refresh the bot's token on their own.
/// </summary>
public sealed class ConnectorClients(BotFrameworkAuthentication auth, IOptions<BotCredentials> credentials) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IConnectorClient>>> clients = new(StringComparer.OrdinalIgnoreCase);

    public Task<IConnectorClient> GetAsync(string serviceUrl, CancellationToken ct) =>
        clients.GetOrAdd(serviceUrl, url => new Lazy<Task<IConnectorClient>>(() => CreateAsync(url, ct))).Value;

    private Task<IConnectorClient> CreateAsync(string serviceUrl, CancellationToken ct)
    {
        var appId = credentials.Value.MicrosoftAppId ?? "";
        var identity = new ClaimsIdentity(
        [
            new Claim(AuthenticationConstants.AudienceClaim, appId),
            new Claim(AuthenticationConstants.AppIdClaim, appId),
        ]);
        return auth.CreateConnectorFactory(identity).CreateAsync(serviceUrl, audience: null!, ct);
    }

    public void Dispose()
    {
        foreach (var client in clients.Values.Where(c => c.IsValueCreated && c.Value.IsCompletedSuccessfully))
        {
            client.Value.Result.Dispose();
        }
    }
}
