using Ledger.Domain.Application;
using Polly;
using Polly.Retry;

namespace Ledger.Infrastructure.Resilience;

/// <summary>
/// Re-runs a whole command (load, decide, append, commit) after a lost optimistic-concurrency race or a
/// transient database failure. Re-running is safe because every attempt first reads the idempotency
/// record: a commit whose acknowledgement was lost answers from the stored outcome instead of writing twice.
/// </summary>
public sealed class PollyCommandRetry : ICommandRetry
{
    /// <summary>Runs per contention round; jitter spreads contenders out, the cap bounds the wait before a 409.</summary>
    public const int MaxAttempts = 60;

    /// <summary>
    /// Runs against a failing database. Few and short: a database that is away for longer than about a
    /// second should be answered with 503 and Retry-After, not by holding the request (and a pooled
    /// connection slot) while it is away.
    /// </summary>
    public const int MaxTransientAttempts = 3;

    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<Exception>(TransientStoreErrors.IsTransient),
            MaxRetryAttempts = MaxTransientAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            // With Marten's own retries (3, from 50 ms) inside each run, the whole budget stays under 2 s.
            Delay = TimeSpan.FromMilliseconds(100),
            MaxDelay = TimeSpan.FromMilliseconds(400),
        })
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ConcurrencyConflict>().Handle<IdempotencyKeyTaken>(),
            MaxRetryAttempts = MaxAttempts - 1,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(2),
            MaxDelay = TimeSpan.FromMilliseconds(100),
        })
        .Build();

    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken ct)
    {
        try
        {
            return await _pipeline.ExecuteAsync(async token => await attempt(token), ct);
        }
        catch (ConcurrencyConflict e)
        {
            throw new ContentionExhausted(MaxAttempts, e);
        }
    }
}
