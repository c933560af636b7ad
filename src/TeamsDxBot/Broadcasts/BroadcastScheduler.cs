using TeamsDxBot.Delivery;
using TeamsDxBot.Directory;
using TeamsDxBot.Initiatives;
using TeamsDxBot.Resources;
using TeamsDxBot.Turns;

namespace TeamsDxBot.Broadcasts;

/// <summary>
/// Sends each occurrence of a broadcast once, when it is due. Safe when several instances do it at once:
/// an occurrence is first marked as started with an ETag-conditional write (so a cancel that lost the race
/// is refused, and one that won stops the send), every message goes through the outbox's de-duplication
/// (an instance that finds an occurrence started but not finished simply enqueues it again), and the
/// final "sent" mark is ETag-guarded too.
/// </summary>
public sealed class BroadcastScheduler(
    BroadcastRepository broadcasts,
    PersonRepository people,
    InitiativeRepository initiatives,
    Outbox outbox,
    TimeProvider time,
    ILogger<BroadcastScheduler> logger)
{
    // A conflicting write means another instance or the author moved it on; a few rounds settle it.
    private const int MaxRounds = 8;

    public static string MessageId(string tenantId, string broadcastId, int occurrence) => $"broadcast:{tenantId}:{broadcastId}:{occurrence}";

    private static string NoteMessageId(string tenantId, string broadcastId, int occurrence) => MessageId(tenantId, broadcastId, occurrence) + ":author";

    public async Task TickAsync(CancellationToken ct)
    {
        foreach (var broadcast in await broadcasts.ListDueAsync(time.GetUtcNow(), ct))
        {
            try
            {
                await SendDueAsync(broadcast, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One broadcast that cannot be sent (a storage hiccup) must not hold back the others.
                logger.LogError(e, "Broadcast {BroadcastId} of tenant {TenantId} could not be sent; will retry", broadcast.Id, broadcast.TenantId);
            }
        }
    }

    /// <summary>Sends every occurrence that is due; returns the broadcast as it is afterwards (null if it is gone).</summary>
    public async Task<Broadcast?> SendDueAsync(Broadcast broadcast, CancellationToken ct)
    {
        Broadcast? current = broadcast;
        for (var round = 0; round < MaxRounds && current is not null; round++)
        {
            var now = time.GetUtcNow();
            var due = current.Status == BroadcastStatus.Scheduled
                ? current.Occurrences.Where(o => o.SentAt is null && o.At <= now).MinBy(o => o.Number)
                : null;
            if (due is null)
            {
                return current;
            }
            if (due.StartedAt is null)
            {
                var claimed = await broadcasts.TryReplaceAsync(With(current, due with { StartedAt = now }), ct);
                if (claimed is null)
                {
                    // Cancelled, edited or taken on by another instance meanwhile: decide again on what is stored.
                    current = await broadcasts.GetAsync(current.TenantId, current.Id, ct);
                    continue;
                }
                current = claimed;
            }
            var recipients = await EnqueueAsync(current, due.Number, ct);
            var sent = With(current, due with { StartedAt = due.StartedAt ?? now, SentAt = now, Recipients = recipients });
            if (sent.Occurrences.All(o => o.SentAt is not null))
            {
                sent = sent with { Status = BroadcastStatus.Sent };
            }
            current = await broadcasts.TryReplaceAsync(sent, ct) ?? await broadcasts.GetAsync(current.TenantId, current.Id, ct);
        }
        return current;
    }

    private static Broadcast With(Broadcast broadcast, BroadcastOccurrence occurrence) =>
        broadcast with { Occurrences = broadcast.Occurrences.Select(o => o.Number == occurrence.Number ? occurrence : o).ToList() };

    /// <summary>Reachable people in the broadcast's audience, as the directory says now.</summary>
    public async Task<IReadOnlyList<Person>> AudienceAsync(Broadcast broadcast, CancellationToken ct)
    {
        var covers = Covers(broadcast, await ScopeAsync(broadcast, ct));
        return (await people.ListAsync(broadcast.TenantId, ct))
            .Where(p => p.CanBeMessaged)
            .Where(covers)
            .ToList();
    }

    /// <summary>Who the audience reaches and who it leaves out (no department, the bot cannot post to them), as the directory says now.</summary>
    public async Task<AudienceReach> ReachAsync(Broadcast broadcast, CancellationToken ct) =>
        await ReachAsync(broadcast, await people.ListAsync(broadcast.TenantId, ct), ct);

    public async Task<AudienceReach> ReachAsync(Broadcast broadcast, IReadOnlyList<Person> everyone, CancellationToken ct) =>
        broadcast.Audience == BroadcastAudience.People
            // Named people are reached as they are, whatever their department: nobody is left out for having none.
            ? AudienceReach.Of(everyone.Where(Covers(broadcast, await ScopeAsync(broadcast, ct))), null)
            : AudienceReach.Of(everyone, await ScopeAsync(broadcast, ct));

    /// <summary>Whether a person is in the audience: everyone, the departments', or (people audience) named.</summary>
    private static Func<Person, bool> Covers(Broadcast broadcast, IReadOnlyCollection<string>? scope) => p =>
        scope is null
        || (p.DepartmentId is { } d && scope.Contains(d))
        || (broadcast.Audience == BroadcastAudience.People && broadcast.PersonIds.Contains(p.AadObjectId, StringComparer.Ordinal));

    /// <summary>The departments the audience covers; null for everyone.</summary>
    private async Task<IReadOnlyCollection<string>?> ScopeAsync(Broadcast broadcast, CancellationToken ct) => broadcast.Audience switch
    {
        BroadcastAudience.Departments or BroadcastAudience.People => broadcast.DepartmentIds.ToHashSet(StringComparer.Ordinal),
        BroadcastAudience.Initiative => broadcast.InitiativeId is { Length: > 0 } id && await initiatives.GetAsync(broadcast.TenantId, id, ct) is { } initiative
            ? initiative.DepartmentIds.Count == 0 ? null : initiative.DepartmentIds.ToHashSet(StringComparer.Ordinal)
            : [],
        _ => null,
    };

    /// <summary>The one department a broadcast goes to, if it goes to exactly one.</summary>
    public async Task<string?> SingleDepartmentAsync(Broadcast broadcast, CancellationToken ct) =>
        await ScopeAsync(broadcast, ct) is { Count: 1 } scope ? scope.First() : null;

    /// <summary>Puts one occurrence into the outbox (again, harmlessly, if it was already) and tells the author.</summary>
    private async Task<int> EnqueueAsync(Broadcast broadcast, int number, CancellationToken ct)
    {
        var everyone = await people.ListAsync(broadcast.TenantId, ct);
        var reach = await ReachAsync(broadcast, everyone, ct);
        var covers = Covers(broadcast, await ScopeAsync(broadcast, ct));
        var audience = everyone.Where(p => p.CanBeMessaged && covers(p)).ToList();
        var messageId = MessageId(broadcast.TenantId, broadcast.Id, number);
        if (audience.Count > 0)
        {
            var cards = new Dictionary<bool, Newtonsoft.Json.Linq.JObject>();
            var requests = audience.Select(p =>
            {
                var t = PersonTexts.For(p);
                if (!cards.TryGetValue(t.IsEnglish, out var card))
                {
                    card = cards[t.IsEnglish] = BroadcastCards.Message(t, broadcast, number);
                }
                return new SendRequest(messageId, p.AadObjectId, Recipient.For(p), new MessageContent(null, card));
            }).ToList();
            var result = await outbox.EnqueueAsync(messageId, null, requests, broadcast.AuthorId, ct);
            logger.LogInformation("Broadcast {BroadcastId} occurrence {Occurrence}: {Enqueued} of {Audience} people enqueued",
                broadcast.Id, number, result.Enqueued, audience.Count);
        }
        else
        {
            logger.LogWarning("Broadcast {BroadcastId} occurrence {Occurrence}: nobody reachable in its audience", broadcast.Id, number);
        }

        if (await people.GetAsync(broadcast.TenantId, broadcast.AuthorId, ct) is { } author && (author.Conversation is not null || author.ServiceUrl is not null))
        {
            var t = PersonTexts.For(author);
            var total = broadcast.Occurrences.Count;
            var note = audience.Count == 0 ? t.Format(nameof(Strings.Broadcast_NoteNobody), broadcast.Title)
                : total > 1 ? t.Format(nameof(Strings.Broadcast_NoteSentSeries), broadcast.Title, audience.Count, number, total)
                : t.Format(nameof(Strings.Broadcast_NoteSent), broadcast.Title, audience.Count);
            // The author hears who it does not reach, by name, not just a smaller number.
            if (reach.LeavesOut)
            {
                note += (t.IsEnglish ? " " : "") + t.Format(nameof(Strings.Broadcast_NoteLeftOut), ReachCards.LeftOutList(t, reach),
                    ReachCards.Names(t, [.. reach.NoDepartment, .. reach.Unreachable]));
            }
            var noteId = NoteMessageId(broadcast.TenantId, broadcast.Id, number);
            await outbox.EnqueueAsync(noteId, null, [new SendRequest(noteId, author.AadObjectId, Recipient.For(author), new MessageContent(note))], broadcast.AuthorId, ct);
        }
        return audience.Count;
    }
}
