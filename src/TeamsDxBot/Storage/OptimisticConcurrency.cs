using Azure;
using Polly;
using Polly.Retry;

namespace TeamsDxBot.Storage;

/// <summary>Thrown when an ETag-conditional write kept losing races; callers report it, never overwrite.</summary>
public sealed class ConcurrencyConflictException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// Read-modify-write with If-Match: on 412 the whole read/modify/write is repeated on fresh data,
/// so a concurrent change is never silently overwritten.
/// </summary>
public static class OptimisticConcurrency
{
    private static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>(e => e.IsPreconditionFailed()),
            MaxRetryAttempts = 5,
            Delay = TimeSpan.FromMilliseconds(20),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        })
        .Build();

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> readModifyWrite, CancellationToken ct)
    {
        try
        {
            return await Pipeline.ExecuteAsync(async token => await readModifyWrite(token), ct);
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            throw new ConcurrencyConflictException("The record kept changing while it was being updated.", e);
        }
    }
}
