using TeamsDxBot.Delivery;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>"I'll try it" answers to broadcasts.</summary>
public sealed class BroadcastAcknowledgements(
    BroadcastRepository broadcasts,
    BroadcastAckRepository acks,
    OutboxRepository outbox,
    TimeProvider time,
    ILogger<BroadcastAcknowledgements> logger)
{
    /// <summary>"I'll try it": stored once per person, and only for someone the broadcast was sent to.</summary>
    public async Task<BroadcastResult> AcknowledgeAsync(UserContext actor, string? id, int occurrence, CancellationToken ct)
    {
        var tenantId = actor.Person.TenantId;
        var broadcast = string.IsNullOrEmpty(id) ? null : await broadcasts.GetAsync(tenantId, id, ct);
        if (broadcast is null || occurrence < 1)
        {
            return new(BroadcastOutcome.NotFound);
        }
        if (await outbox.GetStatusAsync(BroadcastScheduler.MessageId(tenantId, broadcast.Id, occurrence), actor.Person.AadObjectId, ct) is null)
        {
            logger.LogWarning("{Person} acknowledged broadcast {BroadcastId} occurrence {Occurrence} that was not sent to them", actor.Person.AadObjectId, broadcast.Id, occurrence);
            return new(BroadcastOutcome.NotAllowed, broadcast);
        }
        var added = await acks.TryAddAsync(new BroadcastAck(tenantId, broadcast.Id, actor.Person.AadObjectId, actor.Person.DepartmentId ?? "", occurrence, time.GetUtcNow()), ct);
        return new(added ? BroadcastOutcome.Saved : BroadcastOutcome.Unchanged, broadcast);
    }
}
