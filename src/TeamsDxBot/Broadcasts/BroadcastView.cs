using TeamsDxBot.Delivery;

namespace TeamsDxBot.Broadcasts;

public sealed record OccurrenceReport(BroadcastOccurrence Occurrence, DeliveryReport Delivery);

/// <summary>One broadcast as the <c>broadcasts</c> list shows it.</summary>
public sealed record BroadcastView(Broadcast Broadcast, TimeZoneInfo Zone, IReadOnlyList<OccurrenceReport> Reports, AckFigures? Acks, bool CanManage);
