using System.ComponentModel.DataAnnotations;

namespace TeamsDxBot.Delivery;

public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Requests per second for the whole app in a tenant, shared by every running instance (Teams: 50).</summary>
    [Range(0.1, 1000)]
    public double TenantRequestsPerSecond { get; set; } = 50;

    /// <summary>Sends in flight per instance; also the upper bound of the "sent but not yet marked" window.</summary>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 48;

    /// <summary>Queue partitions; instances claim rows from all of them.</summary>
    [Range(1, 64)]
    public int Shards { get; set; } = 8;

    /// <summary>How long a claimed row belongs to its instance before another may take it over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts for transient failures (412, 502, 503, 504, timeouts, resets) before a row is failed.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>429s are retried separately from <see cref="MaxAttempts"/>, up to this many.</summary>
    [Range(1, 1000)]
    public int MaxThrottledAttempts { get; set; } = 30;

    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A send that takes longer is abandoned and retried.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An instance without a heartbeat for this long no longer counts when sharing the tenant rate.</summary>
    public TimeSpan InstanceTimeToLive { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Rows claimed per query; keeps the workers fed without hoarding work other instances could do.</summary>
    [Range(1, 1000)]
    public int ClaimBatchSize { get; set; } = 100;

    /// <summary>Run the engine in this process (off for hosts that only take turns).</summary>
    public bool RunEngine { get; set; } = true;
}
