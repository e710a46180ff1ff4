namespace Ledger.Infrastructure.Messaging.Publishing;

/// <summary>What the publisher has been through, for the health check and for tests that must see it back off.</summary>
public sealed class PublisherState
{
    private long _failedAttempts;
    private long _circuitOpenings;
    private long _consecutiveFailures;
    private long _published;

    /// <summary>Publish attempts that failed (timed out, refused, or rejected by the open circuit) since start.</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>How often the circuit breaker opened since start.</summary>
    public long CircuitOpenings => Interlocked.Read(ref _circuitOpenings);

    /// <summary>Failures since the last confirmed publish; 0 when the broker is taking messages.</summary>
    public long ConsecutiveFailures => Interlocked.Read(ref _consecutiveFailures);

    /// <summary>Messages the broker confirmed since start.</summary>
    public long Published => Interlocked.Read(ref _published);

    public bool CircuitOpen { get; private set; }

    internal void Failed()
    {
        Interlocked.Increment(ref _failedAttempts);
        Interlocked.Increment(ref _consecutiveFailures);
    }

    internal void Succeeded()
    {
        Interlocked.Increment(ref _published);
        Interlocked.Exchange(ref _consecutiveFailures, 0);
    }

    internal void Opened()
    {
        Interlocked.Increment(ref _circuitOpenings);
        CircuitOpen = true;
    }

    internal void Closed() => CircuitOpen = false;
}
