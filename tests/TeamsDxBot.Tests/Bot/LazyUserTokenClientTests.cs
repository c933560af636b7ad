using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using TeamsDxBot.Bot;

namespace TeamsDxBot.Tests.Bot;

public sealed class LazyUserTokenClientTests
{
    [Fact]
    public async Task The_real_client_is_built_on_first_use_only_and_answers_every_call()
    {
        var built = 0;
        using var client = new LazyUserTokenClient(() =>
        {
            built++;
            return Task.FromResult<UserTokenClient>(new Recording());
        });
        Assert.Equal(0, built);

        var token = await client.GetUserTokenAsync("user", "sso", "msteams", null!, default);
        var status = await client.GetTokenStatusAsync("user", "msteams", null!, default);

        Assert.Equal("token-for-user-sso", token.Token);
        Assert.Equal("sso", Assert.Single(status).ConnectionName);
        Assert.Equal(1, built);
    }

    private sealed class Recording : UserTokenClient
    {
        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            Task.FromResult(new TokenResponse { Token = $"token-for-{userId}-{connectionName}" });

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
            Task.FromResult(new[] { new TokenStatus { ConnectionName = "sso", HasToken = true } });

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
