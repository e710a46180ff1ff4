namespace Ledger.Domain.Application;

/// <summary>
/// Re-runs a whole command (load, decide, append, commit) after a <see cref="ConcurrencyConflict"/>
/// or <see cref="IdempotencyKeyTaken"/>, a bounded number of times. Infrastructure supplies the policy.
/// </summary>
public interface ICommandRetry
{
    Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken ct);
}
