using Azure;
using Polly;
using Polly.Retry;

namespace TeamsDxBot.Storage;

/// <summary>Thrown when an ETag-conditional write kept losing races; callers report it, never overwrite.</summary>
public sealed class ConcurrencyConflictException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The one retry for writes that lost a race with another writer (a Polly pipeline). It retries a
/// storage failure that <paramref name="lostRace"/> accepts (412 for a stale ETag, 409 for a row someone
/// else inserted first; an entity-group transaction fails as a TableTransactionFailedException with the
/// status of the action that lost), making at most <paramref name="maxAttempts"/> attempts in all with
/// a short jittered backoff starting at <paramref name="delay"/>. Every attempt runs the caller's whole read/modify/write
/// again, so it must work on data it reads afresh (it is told which attempt it is, 0 first). When the
/// attempts run out the last failure is thrown as it was; nothing else is retried.
/// </summary>
public sealed class ConflictRetry(int maxAttempts, TimeSpan delay, DelayBackoffType backoff, Func<RequestFailedException, bool> lostRace)
{
    private readonly ResiliencePipeline pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle(lostRace),
            MaxRetryAttempts = maxAttempts - 1,
            Delay = delay,
            BackoffType = backoff,
            UseJitter = true,
        })
        .Build();

    public async Task<T> RunAsync<T>(Func<int, CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        var number = 0;
        return await pipeline.ExecuteAsync(async token => await attempt(number++, token), ct);
    }
}

/// <summary>
/// Read-modify-write with If-Match: on 412 the whole read/modify/write is repeated on fresh data (up to
/// six attempts), so a concurrent change is never silently overwritten; when every attempt lost, a
/// <see cref="ConcurrencyConflictException"/> says so.
/// </summary>
public static class OptimisticConcurrency
{
    private static readonly ConflictRetry Retry = new(maxAttempts: 6, TimeSpan.FromMilliseconds(20), DelayBackoffType.Exponential, e => e.IsPreconditionFailed());

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> readModifyWrite, CancellationToken ct)
    {
        try
        {
            return await Retry.RunAsync((_, token) => readModifyWrite(token), ct);
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            throw new ConcurrencyConflictException("The record kept changing while it was being updated.", e);
        }
    }
}
