namespace TeamsDxBot.FakeConnector;

/// <summary>
/// How the fake behaves. Read once per request, so properties may be changed while the server runs;
/// a request already under way keeps the values it started with.
/// </summary>
public sealed class FakeConnectorOptions
{
    /// <summary>
    /// Applies Teams' limits to send, reply, update and create conversation: the tenant rate below and,
    /// per conversation, 7 per second, 8 per 2 seconds, 60 per 30 seconds and 1800 per hour. Off by
    /// default so functional tests never see a 429 they did not ask for.
    /// </summary>
    public bool EnforceTeamsLimits { get; set; }

    /// <summary>Requests per second the whole tenant may make when limits are enforced; zero or less means no tenant limit.</summary>
    public double TenantRequestsPerSecond { get; set; } = 50;

    /// <summary>Added to every call before it answers, to model the network and the service.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Share (0..1) of send, reply, update and create conversation calls that fail with one of <see cref="RandomFaults"/>.</summary>
    public double RandomFaultRate { get; set; }

    /// <summary>Faults drawn from, evenly, when a call is picked to fail at random. Transient ones by default.</summary>
    public IReadOnlyList<FaultKind> RandomFaults { get; set; } =
        [FaultKind.TooManyRequests, FaultKind.BadGateway, FaultKind.ServiceUnavailable, FaultKind.GatewayTimeout];

    /// <summary>
    /// Makes random faults reproducible: whether the n-th call to a target fails depends only on the seed,
    /// the target and n, not on how concurrent calls to different targets interleave.
    /// </summary>
    public int Seed { get; set; }

    /// <summary>How long a <see cref="FaultKind.Timeout"/> holds the request (unless the client gives up first) before answering 504.</summary>
    public TimeSpan TimeoutDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Keeps each recorded call's JSON body. A benchmark turns this off: calls are still recorded, with an
    /// empty body, and every counter still works.
    /// </summary>
    public bool RecordBodies { get; set; } = true;

    /// <summary>
    /// Called for every accepted send and reply as it is accepted (before the latency), with its body even
    /// when bodies are not recorded: a benchmark answers each card the moment it lands. Must return quickly.
    /// </summary>
    public Action<DeliveredActivity>? Delivered { get; set; }
}
