using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

/// <summary>A send or reply the fake accepted: the conversation, the activity id it answered with, and the body.</summary>
public sealed record DeliveredActivity(string ConversationId, string ActivityId, JsonObject Body);

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
/// A Bot Connector on loopback for tests and benchmarks: accepts the calls the bot makes (send, reply,
/// update, create conversation, members, paged members, team details), records every activity, and on
/// request enforces Teams' rate limits, adds latency and injects faults.
/// </summary>
/// <remarks>
/// Send, reply, update and create conversation are decided when they arrive (fault, throttle or accept)
/// and only then delayed by <see cref="FakeConnectorOptions.Latency"/>, so a client that gives up during
/// the delay leaves a delivered message behind, as a real timeout can.
/// </remarks>
public sealed class FakeConnectorServer : IAsyncDisposable
{
    private enum Call { CreateConversation, Send, Reply, Update }

    /// <summary>Conversation ids and member ids are separate name spaces for faults and attempt counts.</summary>
    private readonly record struct TargetKey(string Id, bool Member);

    private sealed class TargetState
    {
        public readonly Lock Gate = new();
        public int Attempts;
        public SlidingWindows? Windows;
    }

    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedCall> calls = new();
    private readonly ConcurrentDictionary<string, FaultQueue> faults = new();
    private readonly ConcurrentDictionary<TargetKey, TargetState> targets = new();
    private readonly ConcurrentDictionary<string, byte> fingerprints = new();
    private readonly int[] faultCounts = new int[Enum.GetValues<FaultKind>().Length];
    private readonly TenantRate tenant = new();
    private readonly long origin = Stopwatch.GetTimestamp();
    private readonly CancellationTokenSource stopping = new();
    private int nextId;
    private int totalRequests;
    private int delivered;
    private int duplicates;
    private int throttled;
    private int disposed;

    public List<FakeMember> Members { get; } = [];

    public string TeamId { get; set; } = "19:team@thread.tacv2";

    public string TenantId { get; set; } = "tenant-1";

    /// <summary>Page size the fake uses for paged members regardless of what is asked, to exercise paging.</summary>
    public int PageSize { get; set; } = 2;

    public string ServiceUrl { get; private set; } = "";

    public FakeConnectorOptions Options { get; set; }

    /// <summary>Every call accepted, in arrival order. Faulted and throttled calls are not here; see the counters.</summary>
    public IReadOnlyList<RecordedCall> Calls => calls.ToArray();

    /// <summary>Every request that reached the fake, whatever its route or outcome.</summary>
    public int TotalRequests => Volatile.Read(ref totalRequests);

    /// <summary>Sends and replies accepted (updates and created conversations are not deliveries).</summary>
    public int Delivered => Volatile.Read(ref delivered);

    /// <summary>Accepted sends and replies per conversation id.</summary>
    public ConcurrentDictionary<string, int> DeliveryCounts { get; } = new();

    /// <summary>
    /// Accepted sends and replies that repeat one already accepted in the same conversation: the same
    /// <c>channelData.dedupeKey</c> when the activity carries one, otherwise the same text and attachments.
    /// </summary>
    public int DuplicateDeliveries => Volatile.Read(ref duplicates);

    /// <summary>429s answered because a Teams limit was exceeded; injected 429s count under <see cref="FaultCount"/>.</summary>
    public int Throttled429Count => Volatile.Read(ref throttled);

    private TimeSpan Now => Stopwatch.GetElapsedTime(origin);

    private FakeConnectorServer(WebApplication app, FakeConnectorOptions options)
    {
        this.app = app;
        Options = options;
    }

    /// <param name="port">0 picks a free loopback port.</param>
    public static async Task<FakeConnectorServer> StartAsync(FakeConnectorOptions? options = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var server = new FakeConnectorServer(builder.Build(), options ?? new FakeConnectorOptions());
        server.Map();
        await server.app.StartAsync();
        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.ServiceUrl = address.TrimEnd('/') + "/";
        return server;
    }

    public IReadOnlyList<RecordedCall> To(string conversationId) => Calls.Where(c => c.ConversationId == conversationId).ToList();

    public int DeliveredTo(string conversationId) => DeliveryCounts.TryGetValue(conversationId, out var n) ? n : 0;

    /// <summary>Faults answered of this kind, injected or random.</summary>
    public int FaultCount(FaultKind kind) => Volatile.Read(ref faultCounts[(int)kind]);

    /// <summary>
    /// Makes the next <paramref name="times"/> calls to <paramref name="target"/> fail: a conversation id
    /// for send, reply and update, or the member id in a create conversation body. Faults injected for the
    /// same target are used up in order. <paramref name="retryAfter"/> sets the Retry-After the fault carries
    /// (TooManyRequests carries 1 s without it; TooManyRequestsWithoutRetryAfter never carries one).
    /// </summary>
    public void InjectFault(string target, FaultKind kind, int times = int.MaxValue, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        faults.GetOrAdd(target, static _ => new FaultQueue()).Add(new Fault(kind, retryAfter), times);
    }

    public void ClearFaults() => faults.Clear();

    /// <summary>
    /// Forgets recorded calls, counters, duplicates, rate-limit windows and random-fault attempt counts,
    /// for a new benchmark phase. Injected faults and options stay. Call it while no request is in flight.
    /// </summary>
    public void Reset()
    {
        calls.Clear();
        targets.Clear();
        fingerprints.Clear();
        DeliveryCounts.Clear();
        tenant.Reset();
        Interlocked.Exchange(ref totalRequests, 0);
        Interlocked.Exchange(ref delivered, 0);
        Interlocked.Exchange(ref duplicates, 0);
        Interlocked.Exchange(ref throttled, 0);
        for (var i = 0; i < faultCounts.Length; i++)
        {
            Interlocked.Exchange(ref faultCounts[i], 0);
        }
    }

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

    private static async Task<JsonObject> BodyAsync(HttpRequest request) =>
        (await JsonNode.ParseAsync(request.Body))?.AsObject() ?? [];

    /// <summary>Counters as JSON, for a benchmark that runs the fake in another process.</summary>
    public object Stats() => new
    {
        totalRequests = TotalRequests,
        delivered = Delivered,
        distinctConversations = DeliveryCounts.Count,
        duplicates = DuplicateDeliveries,
        throttled429 = Throttled429Count,
    };

    private void Map()
    {
        app.MapGet("/_fake/stats", () => Results.Json(Stats()));
        app.MapPost("/_fake/reset", () =>
        {
            Reset();
            return Results.NoContent();
        });
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref totalRequests);
            return next(context);
        });
        // Typed as a Func so it binds as a route handler whose result is written, not as a RequestDelegate.
        app.MapPost("/v3/conversations", (Func<HttpContext, Task<IResult>>)(context => HandleAsync(context, Call.CreateConversation, null, null)));
        app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, HttpContext context) =>
            HandleAsync(context, Call.Send, conversationId, null));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpContext context) =>
            HandleAsync(context, Call.Reply, conversationId, activityId));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, HttpContext context) =>
            HandleAsync(context, Call.Update, conversationId, activityId));
        app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", async (string conversationId, string memberId, HttpContext context) =>
        {
            var result = Members.FirstOrDefault(m => m.Id == memberId || m.AadObjectId == memberId) is { } m
                ? Results.Json(ToJson(m))
                : Error(404, "MemberNotFoundInConversation", "not found");
            return await DelayAsync(Options.Latency, context) ? result : Gone(context);
        });
        app.MapGet("/v3/conversations/{conversationId}/pagedmembers", async (string conversationId, string? continuationToken, HttpContext context) =>
        {
            var start = int.TryParse(continuationToken, out var s) ? s : 0;
            var page = Members.Skip(start).Take(PageSize).Select(ToJson).ToList();
            var next = start + PageSize < Members.Count ? (start + PageSize).ToString(CultureInfo.InvariantCulture) : null;
            calls.Enqueue(new RecordedCall("pagedMembers", conversationId, null, []));
            var result = Results.Json(new { members = page, continuationToken = next });
            return await DelayAsync(Options.Latency, context) ? result : Gone(context);
        });
        app.MapGet("/v3/teams/{teamId}", async (string teamId, HttpContext context) =>
        {
            var result = Results.Json(new { id = teamId, name = "All staff", aadGroupId = Guid.Empty });
            return await DelayAsync(Options.Latency, context) ? result : Gone(context);
        });
    }

    private async Task<IResult> HandleAsync(HttpContext context, Call call, string? conversationId, string? activityId)
    {
        var options = Options;
        var body = await BodyAsync(context.Request);
        var member = call == Call.CreateConversation;
        var target = conversationId ?? body["members"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>() ?? "unknown";
        var state = targets.GetOrAdd(new TargetKey(target, member), static _ => new TargetState());
        var attempt = Interlocked.Increment(ref state.Attempts) - 1;

        if (NextFault(options, target, member, attempt) is { } fault)
        {
            Interlocked.Increment(ref faultCounts[(int)fault.Kind]);
            return await DelayAsync(options.Latency, context) ? await FaultAsync(context, options, fault) : Gone(context);
        }

        if (options.EnforceTeamsLimits && Admit(state, member, options.TenantRequestsPerSecond) is var wait && wait > TimeSpan.Zero)
        {
            Interlocked.Increment(ref throttled);
            if (!await DelayAsync(options.Latency, context))
            {
                return Gone(context);
            }
            // Whole seconds and at least one: a 0 would invite the client straight back into the limit.
            context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Error(429, "Throttled", "Too many requests.");
        }

        var result = Accept(call, target, activityId, body, options);
        return await DelayAsync(options.Latency, context) ? result : Gone(context);
    }

    private Fault? NextFault(FakeConnectorOptions options, string target, bool member, int attempt)
    {
        if (faults.TryGetValue(target, out var queue) && queue.Take() is { } injected)
        {
            return injected;
        }
        var kinds = options.RandomFaults;
        if (!(options.RandomFaultRate > 0) || kinds.Count == 0)
        {
            return null;
        }
        var (draw, index) = FaultDice.Roll(options.Seed, target, member, attempt, kinds.Count);
        return draw < options.RandomFaultRate ? new Fault(kinds[index], null) : null;
    }

    /// <returns>Zero when admitted (and counted against every limit), otherwise how long until it would be.</returns>
    private TimeSpan Admit(TargetState state, bool member, double tenantPerSecond)
    {
        if (member)
        {
            return tenant.TryTake(Now, tenantPerSecond);
        }
        // Per conversation lock, held only for arithmetic: the conversation's windows and the tenant
        // must both admit before either counts the request, or a refusal by one would spend the other.
        lock (state.Gate)
        {
            var windows = state.Windows ??= new SlidingWindows(SlidingWindows.Teams);
            var now = Now;
            var wait = windows.WaitFor(now);
            if (wait > TimeSpan.Zero)
            {
                return wait;
            }
            wait = tenant.TryTake(now, tenantPerSecond);
            if (wait == TimeSpan.Zero)
            {
                windows.Add(now);
            }
            return wait;
        }
    }

    private async Task<IResult> FaultAsync(HttpContext context, FakeConnectorOptions options, Fault fault)
    {
        if (fault.Kind == FaultKind.ConnectionReset || fault.Kind == FaultKind.Timeout && !await DelayAsync(options.TimeoutDelay, context))
        {
            return Gone(context);
        }
        if (fault.RetryAfterHeader is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(0, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        var (status, code, message) = fault.Answer;
        return Error(status, code, message);
    }

    private IResult Accept(Call call, string target, string? activityId, JsonObject body, FakeConnectorOptions options)
    {
        var recorded = options.RecordBodies ? body : [];
        switch (call)
        {
            case Call.CreateConversation:
                var conversationId = "a:personal-" + target;
                calls.Enqueue(new RecordedCall("createConversation", conversationId, null, recorded));
                return Results.Json(new { id = conversationId, activityId = NewId(), serviceUrl = ServiceUrl });
            case Call.Update:
                calls.Enqueue(new RecordedCall("update", target, activityId, recorded));
                return Results.Json(new { id = activityId });
            default:
                var id = NewId();
                CountDelivery(target, body);
                calls.Enqueue(new RecordedCall(call == Call.Send ? "send" : "reply", target, id, recorded));
                options.Delivered?.Invoke(new DeliveredActivity(target, id, body));
                return Results.Json(new { id });
        }
    }

    private void CountDelivery(string conversationId, JsonObject body)
    {
        Interlocked.Increment(ref delivered);
        DeliveryCounts.AddOrUpdate(conversationId, 1, static (_, n) => n + 1);
        if (!fingerprints.TryAdd(conversationId + "\n" + Fingerprint(body), 0))
        {
            Interlocked.Increment(ref duplicates);
        }
    }

    /// <summary>
    /// A caller-chosen key says what counts as the same message; without one, what the person sees does.
    /// Hashed so a long benchmark keeps 32 bytes per delivery rather than every card.
    /// </summary>
    private static string Fingerprint(JsonObject body)
    {
        if (body["channelData"] is JsonObject channelData && channelData["dedupeKey"] is JsonValue value && value.TryGetValue<string>(out var key))
        {
            return "key:" + key;
        }
        var content = (body["text"]?.ToJsonString() ?? "") + "\0" + (body["attachments"]?.ToJsonString() ?? "");
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
    }

    /// <returns>False when the client went away (or the server is stopping), so there is no one to answer.</returns>
    private async Task<bool> DelayAsync(TimeSpan delay, HttpContext context)
    {
        if (delay > TimeSpan.Zero)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
            await Task.Delay(delay, linked.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return !context.RequestAborted.IsCancellationRequested && !stopping.IsCancellationRequested;
    }

    /// <summary>
    /// Drops the connection: for a reset, or when a delay ended because the client left or the fake is
    /// stopping. Returning normally there would answer 200 with no body, which a client would take as success.
    /// </summary>
    private static IResult Gone(HttpContext context)
    {
        context.Abort();
        return Results.Empty;
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

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

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }
        // Releases requests held by latency or a Timeout fault, which would otherwise hold up shutdown.
        await stopping.CancelAsync();
        // Stopping asynchronously first: disposing a running Kestrel blocks a pool thread while it waits
        // for those very requests, and on a two-core test host that starves them for about a second.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await app.StopAsync(timeout.Token);
        }
        await app.DisposeAsync();
        stopping.Dispose();
    }
}
