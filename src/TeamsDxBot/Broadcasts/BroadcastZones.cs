using TeamsDxBot.Directory;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>The clock a broadcast's times are entered and shown on.</summary>
public sealed class BroadcastZones(BroadcastRepository broadcasts, PersonRepository people, PersonZones zones)
{
    public Task<TimeZoneInfo> ZoneOfAsync(Person person, CancellationToken ct) => zones.OfAsync(person, ct);

    /// <summary>The zone a broadcast's times are entered in: its author's, also when a promoter edits it.</summary>
    public async Task<TimeZoneInfo> ZoneForAsync(UserContext actor, Broadcast? broadcast, CancellationToken ct)
    {
        // What was typed into a composer carries the id but not the author; the stored broadcast knows.
        var stored = broadcast is { Id.Length: > 0 } ? await broadcasts.GetAsync(actor.Person.TenantId, broadcast.Id, ct) : null;
        return await ZoneOfAsync(stored is null ? actor.Person : await AuthorAsync(stored, actor, ct), ct);
    }

    private async Task<Person> AuthorAsync(Broadcast broadcast, UserContext actor, CancellationToken ct) =>
        broadcast.AuthorId == actor.Person.AadObjectId ? actor.Person : await people.GetAsync(broadcast.TenantId, broadcast.AuthorId, ct) ?? actor.Person;
}
