using System.Security.Claims;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.IdentityModel.Tokens;

namespace TeamsDxBot.Bot;

/// <summary>
/// Authenticates incoming activities with the SDK and turns every way a token can fail into one
/// <see cref="ChannelAuthenticationException"/>. The SDK itself answers only UnauthorizedAccessException
/// with 401 (and logs the whole exception as an error); a malformed or badly signed token reaches it as an
/// IdentityModel or argument exception and became a 500.
/// </summary>
public sealed class ChannelAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        AuthenticateRequestResult result;
        try
        {
            result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken);
        }
        catch (Exception e) when (IsTokenFailure(e))
        {
            throw new ChannelAuthenticationException(e);
        }
        // Marks the turn as one that came in through /api/messages (not one of the bot's own proactive turns).
        result.ClaimsIdentity = new InboundIdentity(result.ClaimsIdentity);
        return result;
    }

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken);
        }
        catch (Exception e) when (IsTokenFailure(e))
        {
            throw new ChannelAuthenticationException(e);
        }
    }

    public override async Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);
        }
        catch (Exception e) when (IsTokenFailure(e))
        {
            throw new ChannelAuthenticationException(e);
        }
    }

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) => inner.CreateConnectorFactory(claimsIdentity);

    public override Microsoft.Bot.Builder.Skills.BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        inner.CreateUserTokenClientAsync(claimsIdentity, cancellationToken);

    // SecurityTokenMalformedException and its kin derive from ArgumentException; the SDK's own checks
    // (audience, issuer, expiry, serviceUrl claim, endorsements) throw UnauthorizedAccessException.
    private static bool IsTokenFailure(Exception e) => e is UnauthorizedAccessException or SecurityTokenException or ArgumentException or FormatException;
}

/// <summary>The identity of an activity that came in through the messaging endpoint and passed authentication.</summary>
public sealed class InboundIdentity(ClaimsIdentity authenticated) : ClaimsIdentity(authenticated);

/// <summary>The request's token was missing, malformed, badly signed or not meant for this bot.</summary>
public sealed class ChannelAuthenticationException(Exception cause)
    : Exception("The activity failed authentication.", cause)
{
    /// <summary>The kind of failure, safe to log: never any part of the token.</summary>
    public string Kind => InnerException?.GetType().Name ?? nameof(UnauthorizedAccessException);
}
