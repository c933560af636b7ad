using System.Collections.Concurrent;
using TeamsDxBot.Directory;

namespace TeamsDxBot.Usage;

/// <summary>
/// The directory's ids and departments for the usage figures and imports, kept per tenant in memory and
/// read again whole when the directory's version of them (<see cref="PersonRepository.IdentitiesVersionAsync"/>,
/// one point read) is no longer the one read with them: a new person, a new address or a move to another
/// department counts at once, on every instance. Reading all 10,000 people's ids costs ~200 ms on Azurite,
/// the version a few milliseconds.
/// </summary>
public sealed class UsageDirectory(PersonRepository people)
{
    private sealed record Snapshot(string? Version, IReadOnlyList<PersonIdentity> People);

    private readonly ConcurrentDictionary<string, Snapshot> tenants = new(StringComparer.Ordinal);

    /// <summary>Everyone in the tenant's directory now, in the directory's (id) order.</summary>
    public async Task<IReadOnlyList<PersonIdentity>> ListAsync(string tenantId, CancellationToken ct)
    {
        // The version is read first: a change made during the whole read leaves a newer version, read again next time.
        // No version yet means no change since people were first stored, which is a version too.
        var version = await people.IdentitiesVersionAsync(tenantId, ct);
        if (tenants.TryGetValue(tenantId, out var known) && known.Version == version)
        {
            return known.People;
        }
        var everyone = await people.ListIdentitiesAsync(tenantId, ct);
        tenants[tenantId] = new Snapshot(version, everyone);
        return everyone;
    }
}
