using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TeamsDxBot.Directory;
using TeamsDxBot.Storage;
using TeamsDxBot.Tests.Infrastructure;

namespace TeamsDxBot.Tests.Bot;

/// <summary>
/// The Bot Framework's real token validation, offline: the bot runs as a process in Production, pointed (through
/// the SDK's own settings) at OpenID metadata and signing keys this test serves over TLS on loopback, with a
/// certificate only that process trusts.
/// </summary>
public sealed class TokenValidationTests : IAsyncLifetime
{
    private const string AppId = "00000000-0000-4000-8000-00000000a99d";
    private const string Issuer = "https://api.botframework.test";
    private const string KeyId = "channel-key";
    private const string ServiceUrl = "http://127.0.0.1:9/teams/";

    private readonly RSA signingKey = RSA.Create(2048);
    private readonly string workDirectory = System.IO.Directory.CreateTempSubdirectory("teamsdxbot-auth-").FullName;
    private readonly string tablePrefix = TestStorage.NewPrefix();
    private WebApplication? openId;
    private BotProcess? bot;
    private Uri? botAddress;

    public async Task InitializeAsync()
    {
        using var tlsKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", tlsKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var trusted = Path.Combine(workDirectory, "trusted.pem");
        await File.WriteAllTextAsync(trusted, certificate.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        var serving = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serving)));
        builder.Logging.ClearProviders();
        openId = builder.Build();
        openId.MapGet("/openid", (HttpContext context) => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["jwks_uri"] = $"https://{context.Request.Host}/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        }));
        openId.MapGet("/keys", () =>
        {
            var parameters = signingKey.ExportParameters(false);
            return Results.Json(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    ["endorsements"] = new JsonArray("msteams"),
                }),
            });
        });
        await openId.StartAsync();
        var metadata = openId.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("[::1]", "127.0.0.1") + "/openid";

        var emptyDirectory = System.IO.Directory.CreateDirectory(Path.Combine(workDirectory, "no-other-roots")).FullName;
        (bot, botAddress) = await BotProcess.StartAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "not-used-no-reply-is-sent",
            ["Files__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Storage__ConnectionString"] = TestStorage.ConnectionString,
            ["Storage__TablePrefix"] = tablePrefix,
            ["Bot__AllowedTenants__0"] = BotTestHost.TenantId,
            ["Delivery__RunEngine"] = "false",
            ["Pulse__RunWorker"] = "false",
            // The SDK's settings for a cloud of one's own: every address it could use is this test's server.
            ["ToBotFromChannelOpenIdMetadataUrl"] = metadata,
            ["ToBotFromEmulatorOpenIdMetadataUrl"] = metadata,
            ["ToBotFromChannelTokenIssuer"] = Issuer,
            ["ToChannelFromBotLoginUrl"] = metadata.Replace("/openid", "/login", StringComparison.Ordinal),
            ["ToChannelFromBotOAuthScope"] = Issuer,
            ["OAuthUrl"] = metadata.Replace("/openid", "/oauth", StringComparison.Ordinal),
            ["ValidateAuthority"] = "false",
            // OpenSSL's trust store for that process: only this test's certificate.
            ["SSL_CERT_FILE"] = trusted,
            ["SSL_CERT_DIR"] = emptyDirectory,
        });
        Assert.True(botAddress is not null, "The bot did not start: " + string.Join(Environment.NewLine, bot!.Output));
    }

    public async Task DisposeAsync()
    {
        if (bot is not null)
        {
            await bot.DisposeAsync();
        }
        if (openId is not null)
        {
            await openId.DisposeAsync();
        }
        signingKey.Dispose();
        System.IO.Directory.Delete(workDirectory, recursive: true);
    }

    private static string Sign(RSA key, string issuer = Issuer, string audience = AppId, string serviceUrl = ServiceUrl, DateTime? expires = null)
    {
        var until = expires ?? DateTime.UtcNow.AddMinutes(30);
        var token = new JwtSecurityToken(issuer, audience, [new Claim("serviceurl", serviceUrl)], until.AddHours(-1), until,
            new SigningCredentials(new RsaSecurityKey(key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    private static string Unsigned()
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var expires = DateTimeOffset.UtcNow.AddMinutes(30).ToUnixTimeSeconds();
        return Part($"{{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"{KeyId}\"}}") + "." +
            Part($"{{\"iss\":\"{Issuer}\",\"aud\":\"{AppId}\",\"serviceurl\":\"{ServiceUrl}\",\"exp\":{expires}}}") + ".";
    }

    private async Task<HttpStatusCode> PostAsync(string? authorization)
    {
        using var client = new HttpClient { BaseAddress = botAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(Activities.Typing(BotTestHost.Staff, ServiceUrl, BotTestHost.TenantId).ToString(), Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<int> PeopleStoredAsync()
    {
        var options = Options.Create(new StorageOptions { ConnectionString = TestStorage.ConnectionString, TablePrefix = tablePrefix });
        var tables = new Tables(new TableServiceClient(TestStorage.ConnectionString), options, []);
        var count = 0;
        await foreach (var _ in tables.Get(PersonRepository.TableName).QueryAsync<TableEntity>())
        {
            count++;
        }
        return count;
    }

    [Fact]
    public async Task Only_a_correctly_signed_channel_token_for_this_bot_and_this_service_url_gets_in()
    {
        using var otherKey = RSA.Create(2048);
        var forged = new Dictionary<string, string?>
        {
            ["no token"] = null,
            ["garbage"] = "Bearer garbage.garbage",
            ["wrong key"] = "Bearer " + Sign(otherKey),
            ["alg none"] = "Bearer " + Unsigned(),
            ["wrong audience"] = "Bearer " + Sign(signingKey, audience: "00000000-0000-4000-8000-0000000000ff"),
            ["expired"] = "Bearer " + Sign(signingKey, expires: DateTime.UtcNow.AddMinutes(-30)),
            ["wrong issuer"] = "Bearer " + Sign(signingKey, issuer: "https://attacker.example"),
            ["other service url"] = "Bearer " + Sign(signingKey, serviceUrl: "https://attacker.example/teams/"),
        };
        foreach (var (name, authorization) in forged)
        {
            Assert.True(await PostAsync(authorization) == HttpStatusCode.Unauthorized, $"{name}: not refused with 401");
        }
        Assert.Equal(0, await PeopleStoredAsync());

        var valid = Sign(signingKey);
        Assert.Equal(HttpStatusCode.OK, await PostAsync("Bearer " + valid));
        Assert.Equal(1, await PeopleStoredAsync());

        var output = bot!.Output;
        Assert.Equal(forged.Count, output.Count(l => l.Contains("authentication failed", StringComparison.Ordinal)));
        Assert.DoesNotContain(output, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        foreach (var token in forged.Values.OfType<string>().Append(valid).Select(a => a.Split(' ')[^1]))
        {
            Assert.DoesNotContain(output, l => l.Contains(token.Split('.')[0] + "." + token.Split('.')[1], StringComparison.Ordinal) || l.Contains(token.Split('.')[^1] is { Length: > 8 } s ? s : "\0", StringComparison.Ordinal));
        }
    }
}
