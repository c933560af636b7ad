namespace TeamsDxBot.Delivery;

public enum DeliveryStatus
{
    Pending,
    Sent,
    Failed,
    Unreachable,
}
