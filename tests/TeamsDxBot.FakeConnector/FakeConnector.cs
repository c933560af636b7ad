using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TeamsDxBot.FakeConnector;

/// <summary>A member of the fake tenant, as the roster calls return it.</summary>
public sealed record FakeMember(string Id, string AadObjectId, string Name, string Email);

/// <summary>One call the bot made to the connector.</summary>
public sealed record RecordedCall(string Kind, string ConversationId, string? ActivityId, JsonObject Body)
{
    public string? Text => Body["text"]?.GetValue<string>();

    public JsonObject? Card => Body["attachments"]?.AsArray().FirstOrDefault()?["content"]?.AsObject();

    /// <summary>Every text in the activity, card text included, for assertions on what a person sees.</summary>
    public string AllText => string.Join("\n", Collect(Body));

    private static IEnumerable<string> Collect(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" or "title" or "label" or "value" && p.Value is JsonValue v && v.TryGetValue<string>(out var s)
            ? [s]
            : Collect(p.Value)),
        JsonArray a => a.SelectMany(Collect),
        _ => [],
    };
}

/// <summary>
/// A Bot Connector on loopback for tests: accepts the calls the bot makes (send, reply, update,
/// create conversation, members, paged members, team details) and records every activity.
/// </summary>
public sealed class FakeConnectorServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedCall> calls = new();
    private int nextId;

    public List<FakeMember> Members { get; } = [];

    public string TeamId { get; set; } = "19:team@thread.tacv2";

    public string TenantId { get; set; } = "tenant-1";

    /// <summary>Page size the fake uses for paged members regardless of what is asked, to exercise paging.</summary>
    public int PageSize { get; set; } = 2;

    public string ServiceUrl { get; private set; } = "";

    public IReadOnlyList<RecordedCall> Calls => calls.ToArray();

    private FakeConnectorServer(WebApplication app) => this.app = app;

    public static async Task<FakeConnectorServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new FakeConnectorServer(builder.Build());
        server.Map();
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.ServiceUrl = address.TrimEnd('/') + "/";
        return server;
    }

    public IReadOnlyList<RecordedCall> To(string conversationId) => Calls.Where(c => c.ConversationId == conversationId).ToList();

    /// <summary>Waits (bounded) until a recorded call matches; background work needs a moment.</summary>
    public async Task<RecordedCall> WaitForAsync(Func<RecordedCall, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (Calls.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }
            await Task.Delay(20);
        }
        throw new TimeoutException("No matching connector call. Calls so far:\n" + string.Join("\n", Calls.Select(c => $"{c.Kind} {c.ConversationId}: {c.AllText}")));
    }

    private string NewId() => "act-" + Interlocked.Increment(ref nextId);

    private async Task<JsonObject> BodyAsync(HttpRequest request) =>
        (await JsonNode.ParseAsync(request.Body))?.AsObject() ?? [];

    private void Map()
    {
        app.MapPost("/v3/conversations", async (HttpRequest request) =>
        {
            var body = await BodyAsync(request);
            var memberId = body["members"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>() ?? "unknown";
            var conversationId = "a:personal-" + memberId;
            calls.Enqueue(new RecordedCall("createConversation", conversationId, null, body));
            return Results.Json(new { id = conversationId, activityId = NewId(), serviceUrl = ServiceUrl });
        });
        app.MapPost("/v3/conversations/{conversationId}/activities", async (string conversationId, HttpRequest request) =>
        {
            var id = NewId();
            calls.Enqueue(new RecordedCall("send", conversationId, id, await BodyAsync(request)));
            return Results.Json(new { id });
        });
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", async (string conversationId, string activityId, HttpRequest request) =>
        {
            var id = NewId();
            calls.Enqueue(new RecordedCall("reply", conversationId, id, await BodyAsync(request)));
            return Results.Json(new { id });
        });
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", async (string conversationId, string activityId, HttpRequest request) =>
        {
            calls.Enqueue(new RecordedCall("update", conversationId, activityId, await BodyAsync(request)));
            return Results.Json(new { id = activityId });
        });
        app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", (string conversationId, string memberId) =>
            Members.FirstOrDefault(m => m.Id == memberId || m.AadObjectId == memberId) is { } m
                ? Results.Json(ToJson(m))
                : Results.Json(new { error = new { code = "MemberNotFoundInConversation", message = "not found" } }, statusCode: 404));
        app.MapGet("/v3/conversations/{conversationId}/pagedmembers", (string conversationId, string? continuationToken) =>
        {
            var start = int.TryParse(continuationToken, out var s) ? s : 0;
            var page = Members.Skip(start).Take(PageSize).Select(ToJson).ToList();
            var next = start + PageSize < Members.Count ? (start + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            calls.Enqueue(new RecordedCall("pagedMembers", conversationId, null, []));
            return Results.Json(new { members = page, continuationToken = next });
        });
        app.MapGet("/v3/teams/{teamId}", (string teamId) => Results.Json(new { id = teamId, name = "All staff", aadGroupId = Guid.Empty }));
    }

    private object ToJson(FakeMember m) => new
    {
        id = m.Id,
        name = m.Name,
        aadObjectId = m.AadObjectId,
        email = m.Email,
        userPrincipalName = m.Email,
        tenantId = TenantId,
        userRole = "user",
    };

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
