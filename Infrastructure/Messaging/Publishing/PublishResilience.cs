using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Ledger.Infrastructure.Messaging.Publishing;

/// <summary>
/// How the publisher treats a broker that does not answer: each attempt is bounded by a timeout, a
/// circuit breaker stops hammering a broker that keeps failing, and the retry never gives up (the
/// events are safe in PostgreSQL and the checkpoint has not moved) but backs off with jitter up to a
/// cap, so delivery resumes within about one cap of the broker's return. Only shutdown stops it.
/// </summary>
public sealed class PublishResilience
{
    public ResiliencePipeline Pipeline { get; }

    public PublishResilience(MessagingOptions options, PublisherState state, ILogger<PublishResilience> logger)
    {
        // A failure is anything but our own shutdown: a cancelled token means stop, not retry.
        static ValueTask<bool> Failed(Outcome<object> outcome, ResilienceContext context) =>
            ValueTask.FromResult(outcome.Exception is not null && !context.CancellationToken.IsCancellationRequested);

        Pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = a => Failed(a.Outcome, a.Context),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = options.PublishMaxBackoff,
                OnRetry = a =>
                {
                    state.Failed();
                    logger.LogWarning(a.Outcome.Exception, "Publishing failed (attempt {Attempt}); next try in {Delay}",
                        a.AttemptNumber + 1, a.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = a => Failed(a.Outcome, a.Context),
                FailureRatio = 0.5,
                MinimumThroughput = 3,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = options.PublishMaxBackoff,
                OnOpened = a =>
                {
                    state.Opened();
                    logger.LogError("Publishing circuit opened for {Duration}: the broker keeps failing", a.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    state.Closed();
                    logger.LogInformation("Publishing circuit closed: the broker answers again");
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { Timeout = options.PublishAttemptTimeout })
            .Build();
    }
}
