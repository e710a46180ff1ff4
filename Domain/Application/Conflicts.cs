namespace Ledger.Domain.Application;

/// <summary>Another writer changed a stream this command read; deciding again on fresh state is safe.</summary>
public sealed class ConcurrencyConflict(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Another request under the same idempotency key committed first; its outcome is the answer.</summary>
public sealed class IdempotencyKeyTaken(string key, Exception? inner = null)
    : Exception($"Idempotency key '{key}' was committed by a concurrent request.", inner);

/// <summary>The same idempotency key was used with a different request: the client has a bug (HTTP 409).</summary>
public sealed class IdempotencyConflict(string key)
    : Exception($"Idempotency key '{key}' was already used for a different request.");

/// <summary>Gave up after the bounded number of attempts under contention (HTTP 409, safe to retry).</summary>
public sealed class ContentionExhausted(int attempts, Exception inner)
    : Exception($"The command lost {attempts} optimistic-concurrency races in a row.", inner);
