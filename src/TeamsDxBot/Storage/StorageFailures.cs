namespace TeamsDxBot.Storage;

/// <summary>Tells a passing storage outage (nothing answered, or the service failed) from a fault in the bot.</summary>
public static class StorageFailures
{
    public static bool IsUnavailable(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var e))
        {
            switch (e)
            {
                case Azure.RequestFailedException { Status: 0 or >= 500 }:
                    return true;
                case AggregateException many:
                    foreach (var inner in many.InnerExceptions)
                    {
                        pending.Push(inner);
                    }
                    break;
                case { InnerException: { } inner }:
                    pending.Push(inner);
                    break;
            }
        }
        return false;
    }
}
