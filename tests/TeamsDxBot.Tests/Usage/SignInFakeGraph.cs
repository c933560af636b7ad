using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core;
using Azure.Identity;

namespace TeamsDxBot.Tests.Usage;

/// <summary>One sign-in as Graph lists it.</summary>
public sealed record FakeSignIn(string AppId, DateTimeOffset At, string? UserId, string? Upn, int ErrorCode = 0);

/// <summary>One request the fake answered: its window (from the filter), whether it was a next page, its token, its status.</summary>
public sealed record GraphRequest(string? AppId, DateTimeOffset? From, DateTimeOffset? Until, bool NextPage, string? Authorization, int Status);

/// <summary>
/// A fake Microsoft Graph on 127.0.0.1 that answers <c>GET /v1.0/auditLogs/signIns</c> as Graph does:
/// $filter on appId and createdDateTime (ge/lt), pages of <see cref="PageSize"/> with <c>@odata.nextLink</c>.
/// It can throttle (429 with Retry-After) or fail the requests a test picks.
/// </summary>
public sealed partial class SignInFakeGraph : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentQueue<GraphRequest> requests = new();
    private int throttles;

    public string BaseUrl { get; }
    public List<FakeSignIn> SignIns { get; } = [];
    public int PageSize { get; set; } = 2;

    /// <summary>Answer this many of the next requests with 429 and Retry-After: 1.</summary>
    public int Throttles { set => Volatile.Write(ref throttles, value); }

    /// <summary>Requests for a window containing this instant fail with 500 (not retried), pages after the first included.</summary>
    public DateTimeOffset? FailAt { get; set; }

    public IReadOnlyList<GraphRequest> Requests => [.. requests];

    private SignInFakeGraph(string baseUrl)
    {
        BaseUrl = baseUrl + "v1.0";
        listener.Prefixes.Add(baseUrl);
    }

    public static SignInFakeGraph Start()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var fake = new SignInFakeGraph($"http://127.0.0.1:{port}/");
        fake.listener.Start();
        _ = fake.ServeAsync();
        return fake;
    }

    [GeneratedRegex(@"appId eq '(?<app>[^']*)' and createdDateTime ge (?<from>\S+) and createdDateTime lt (?<until>\S+)")]
    private static partial Regex Filter();

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            try
            {
                await AnswerAsync(context);
            }
            finally
            {
                context.Response.Close();
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var query = context.Request.QueryString;
        var auth = context.Request.Headers["Authorization"];
        var match = Filter().Match(query["$filter"] ?? "");
        var skip = int.TryParse(query["$skiptoken"], out var s) ? s : 0;
        DateTimeOffset? from = match.Success ? DateTimeOffset.Parse(match.Groups["from"].Value, CultureInfo.InvariantCulture) : null;
        DateTimeOffset? until = match.Success ? DateTimeOffset.Parse(match.Groups["until"].Value, CultureInfo.InvariantCulture) : null;
        var app = match.Success ? match.Groups["app"].Value : null;

        int status;
        JsonObject body;
        if (context.Request.Url!.AbsolutePath != "/v1.0/auditLogs/signIns" || !match.Success)
        {
            (status, body) = (400, Error("BadRequest", "unsupported request"));
        }
        else if (Interlocked.Decrement(ref throttles) >= 0)
        {
            context.Response.Headers["Retry-After"] = "1";
            (status, body) = (429, Error("TooManyRequests", "Too many requests"));
        }
        else if (FailAt is { } failAt && from <= failAt && failAt < until)
        {
            (status, body) = (500, Error("InternalServerError", "failed on purpose"));
        }
        else
        {
            var all = SignIns.Where(x => x.AppId == app && x.At >= from && x.At < until).OrderByDescending(x => x.At).ToList();
            var page = all.Skip(skip).Take(PageSize).Select(x => (JsonNode)new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(),
                ["createdDateTime"] = x.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["appId"] = x.AppId,
                ["userId"] = x.UserId,
                ["userPrincipalName"] = x.Upn,
                ["status"] = new JsonObject { ["errorCode"] = x.ErrorCode },
            }).ToArray();
            body = new JsonObject { ["@odata.context"] = BaseUrl + "/$metadata#auditLogs/signIns", ["value"] = new JsonArray(page) };
            if (skip + PageSize < all.Count)
            {
                body["@odata.nextLink"] = $"{BaseUrl}/auditLogs/signIns?$filter={Uri.EscapeDataString(query["$filter"]!)}&$skiptoken={skip + PageSize}";
            }
            status = 200;
        }
        requests.Enqueue(new GraphRequest(app, from, until, skip > 0, auth, status));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    public ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A token source that hands out one fixed token, or fails as a missing managed identity does.</summary>
public sealed class FakeTokenCredential : TokenCredential
{
    public const string Token = "fake-graph-token";

    public bool Fail { get; set; }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        Fail ? throw new AuthenticationFailedException("No managed identity endpoint found (test).") : new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
