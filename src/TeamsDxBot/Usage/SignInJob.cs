using Microsoft.Extensions.Options;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Storage;

namespace TeamsDxBot.Usage;

/// <summary>
/// Every <see cref="SignInOptions.CheckInterval"/> on every instance: reads each initiative with an app id
/// whose day is not read yet. The lease and the day's mark in <see cref="SignInReading"/> make one instance
/// do each initiative's read once a day, and a failed read is tried again on the next check.
/// </summary>
public sealed class SignInJob(SignInReading reading, InitiativeRepository initiatives, IOptionsMonitor<SignInOptions> options, TimeProvider time,
    ILogger<SignInJob> logger) : PeriodicJob(time, logger)
{
    protected override TimeSpan Interval => options.CurrentValue.CheckInterval;

    protected override bool Enabled => options.CurrentValue.Enabled;

    protected override async Task RunOnceAsync(CancellationToken ct) => await ReadAllAsync(ct);

    /// <summary>One pass over every tenant's initiatives; returns how each went, by initiative id.</summary>
    public async Task<IReadOnlyDictionary<string, SignInOutcome>> ReadAllAsync(CancellationToken ct)
    {
        var outcomes = new Dictionary<string, SignInOutcome>(StringComparer.Ordinal);
        foreach (var initiative in await initiatives.ListAllAsync(ct))
        {
            if (initiative.SignInAppId.Length > 0)
            {
                outcomes[initiative.Id] = await reading.ReadAsync(initiative, ct);
            }
        }
        return outcomes;
    }
}
