using Newtonsoft.Json.Linq;
using TeamsDxBot.Calendar;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>Builds the cards that need the directory (names, zones, what this person may choose).</summary>
public sealed class BroadcastViews(BroadcastService service, TimeProvider time)
{
    public async Task<JObject> ListAsync(TurnRequest request, CancellationToken ct)
    {
        var (departments, initiatives) = await service.NamesAsync(request.TenantId, ct);
        return BroadcastCards.List(request.T, await service.ListAsync(request.User, ct), departments, initiatives, request.Person.AadObjectId, request.User.IsPromoter,
            await service.ZoneOfAsync(request.Person, ct));
    }

    public async Task<JObject> ComposerAsync(TurnRequest request, Broadcast? broadcast, CancellationToken ct)
    {
        var (departments, initiatives, ownOnly) = await service.ChoicesAsync(request.User, ct);
        var zone = await service.ZoneForAsync(request.User, broadcast, ct);
        var today = DateOnly.FromDateTime(WallClock.ToLocal(time.GetUtcNow(), zone));
        return BroadcastCards.Composer(request.T, broadcast, departments, initiatives, ownOnly, zone, today);
    }

    public async Task<JObject> SubmittedAsync(TurnRequest request, Broadcast broadcast, CancellationToken ct)
    {
        var (departments, initiatives) = await service.NamesAsync(request.TenantId, ct);
        var zone = WallClock.Find(broadcast.TimeZone) ?? await service.ZoneOfAsync(request.Person, ct);
        return BroadcastCards.Submitted(request.T, broadcast, BroadcastCards.AudienceText(request.T, broadcast, departments, initiatives), zone,
            await service.ReachAsync(broadcast, ct), request.User.IsPromoter);
    }
}
