using MassTransit;

namespace Ledger.Infrastructure.Messaging.Consumers;

/// <summary>
/// Counts the consumer attempts that failed and will be retried in place (a database that does not answer):
/// what an operator watches during an outage, and what a test waits for to know the outage was felt.
/// </summary>
public sealed class ConsumerRetries : IRetryObserver
{
    private long _faults;

    /// <summary>Failed attempts that were retried since the process started.</summary>
    public long Faults => Interlocked.Read(ref _faults);

    public Task PostFault<T>(RetryContext<T> context) where T : class, PipeContext
    {
        Interlocked.Increment(ref _faults);
        return Task.CompletedTask;
    }

    public Task PostCreate<T>(RetryPolicyContext<T> context) where T : class, PipeContext => Task.CompletedTask;

    public Task PreRetry<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;

    public Task RetryFault<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;

    public Task RetryComplete<T>(RetryContext<T> context) where T : class, PipeContext => Task.CompletedTask;
}
