using Ledger.Domain.Application;
using Polly;
using Polly.Retry;

namespace Ledger.Infrastructure.Resilience;

/// <summary>
/// Re-runs a command that lost an optimistic-concurrency race. Jittered exponential backoff spreads
/// contenders out; the cap bounds how long a request can wait before it answers 409 and lets the
/// client retry with the same idempotency key.
/// </summary>
public sealed class PollyCommandRetry : ICommandRetry
{
    public const int MaxAttempts = 60;

    private readonly ResiliencePipeline _pipeline = new ResiliencePipelineBuilder()
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
