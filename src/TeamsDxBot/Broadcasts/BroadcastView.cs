using TeamsDxBot.Delivery;
using TeamsDxBot.Initiatives;

namespace TeamsDxBot.Broadcasts;

public sealed record OccurrenceReport(BroadcastOccurrence Occurrence, DeliveryReport Delivery);

/// <summary>One broadcast as the <c>broadcasts</c> list shows it.</summary>
/// <param name="Reach">Who its audience leaves out, as the directory says now (null: not worked out).</param>
public sealed record BroadcastView(Broadcast Broadcast, TimeZoneInfo Zone, IReadOnlyList<OccurrenceReport> Reports, AckFigures? Acks, bool CanManage, AudienceReach? Reach = null);
