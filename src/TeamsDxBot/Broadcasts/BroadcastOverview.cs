using Microsoft.Extensions.Options;
using TeamsDxBot.Anonymity;
using TeamsDxBot.Calendar;
using TeamsDxBot.Delivery;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>What the <c>broadcasts</c> list shows, with delivery reports and "I'll try it" figures.</summary>
public sealed class BroadcastOverview(
    BroadcastRepository broadcasts,
    BroadcastAckRepository acks,
    DeliveryReports reports,
    BroadcastZones zones,
    BroadcastScheduler scheduler,
    Directory.PersonRepository people,
    IOptions<AnonymityOptions> anonymity)
{
    private const int MaxDraftsShown = 10;
    private const int MaxScheduledShown = 10;
    private const int MaxSentShown = 5;

    /// <summary>When a broadcast by an executive last went out in this tenant (null: never).</summary>
    public async Task<DateTimeOffset?> LastExecutiveSendAsync(string tenantId, CancellationToken ct) =>
        (await broadcasts.ListAsync(tenantId, ct)).Where(b => b.ByExecutive).Select(b => b.LastSentAt).Max();

    /// <summary>
    /// What the <c>broadcasts</c> list shows this person: their own broadcasts (a promoter: everyone's), the latest
    /// drafts, the next scheduled and the last sent, with reports.
    /// </summary>
    public async Task<IReadOnlyList<BroadcastView>> ListAsync(UserContext actor, CancellationToken ct)
    {
        var zone = await zones.ZoneOfAsync(actor.Person, ct);
        var visible = (await broadcasts.ListAsync(actor.Person.TenantId, ct))
            .Where(b => b.AuthorId == actor.Person.AadObjectId || actor.IsPromoter)
            .ToList();
        var views = new List<BroadcastView>();
        var everyone = await people.ListAsync(actor.Person.TenantId, ct);
        foreach (var b in Shown(visible))
        {
            views.Add(await ViewAsync(actor, b, zone, everyone, ct));
        }
        return views;
    }

    // Reports cost a read per message sent, so only what the card has room for is looked at.
    private static IEnumerable<Broadcast> Shown(IReadOnlyList<Broadcast> visible) =>
        visible.Where(b => b.Status == BroadcastStatus.Draft).OrderByDescending(b => b.UpdatedAt).Take(MaxDraftsShown)
            .Concat(visible.Where(b => b.Status == BroadcastStatus.Scheduled).OrderBy(b => b.NextAt).Take(MaxScheduledShown))
            .Concat(visible.Where(b => b.Status == BroadcastStatus.Sent || (b.Status == BroadcastStatus.Cancelled && b.Started))
                .OrderByDescending(b => b.LastSentAt).Take(MaxSentShown));

    private async Task<BroadcastView> ViewAsync(UserContext actor, Broadcast b, TimeZoneInfo zone, IReadOnlyList<Turns.Person> everyone, CancellationToken ct)
    {
        var reportsOf = new List<OccurrenceReport>();
        foreach (var o in b.Occurrences.Where(o => o.StartedAt is not null).OrderByDescending(o => o.Number).Take(BroadcastCards.MaxReportsShown))
        {
            reportsOf.Add(new(o, await reports.GetAsync(BroadcastScheduler.MessageId(b.TenantId, b.Id, o.Number), ct)));
        }
        var figures = b.Acknowledge && b.Started
            ? AckFigures.Fold(await acks.ListAsync(b.TenantId, b.Id, ct), anonymity.Value.Threshold, await scheduler.SingleDepartmentAsync(b, ct))
            : null;
        var authorZone = WallClock.Find(b.TimeZone) ?? zone;
        var reach = b.Status == BroadcastStatus.Cancelled ? null : await scheduler.ReachAsync(b, everyone, ct);
        return new(b, authorZone, reportsOf, figures, BroadcastPermissions.MayManage(actor, b), reach);
    }
}
