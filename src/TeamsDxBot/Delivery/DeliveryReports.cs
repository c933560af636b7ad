namespace TeamsDxBot.Delivery;

public sealed record DeliveryReport(
    string MessageId,
    int Queued,
    int Sent,
    int Failed,
    int Unreachable,
    int Pending,
    IReadOnlyDictionary<string, int> FailureReasons,
    int PossibleDuplicates,
    DateTimeOffset? Started,
    DateTimeOffset? Finished)
{
    public TimeSpan? Duration => Started is null || Finished is null ? null : Finished - Started;

    public bool Complete => Pending == 0;
}

/// <summary>The per-message delivery report that features show to whoever asked for the send.</summary>
public sealed class DeliveryReports(OutboxRepository outbox)
{
    public async Task<DeliveryReport> GetAsync(string messageId, CancellationToken ct)
    {
        var rows = await outbox.ReadDeliveriesAsync(messageId, ct);
        int Count(DeliveryStatus s) => rows.Count(r => r.Status == s);
        var pending = Count(DeliveryStatus.Pending);
        return new DeliveryReport(
            messageId,
            rows.Count,
            Count(DeliveryStatus.Sent),
            Count(DeliveryStatus.Failed),
            Count(DeliveryStatus.Unreachable),
            pending,
            rows.Where(r => r.Status is DeliveryStatus.Failed or DeliveryStatus.Unreachable)
                .GroupBy(r => r.Reason ?? "unknown").ToDictionary(g => g.Key, g => g.Count()),
            rows.Count(r => r.PossibleDuplicate),
            rows.Select(r => r.EnqueuedAt).Min(),
            pending == 0 ? rows.Select(r => r.CompletedAt).Max() : null);
    }
}
