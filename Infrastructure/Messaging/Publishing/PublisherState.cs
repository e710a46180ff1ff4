using System.Diagnostics.Metrics;
using Ledger.Infrastructure.Diagnostics;

namespace Ledger.Infrastructure.Messaging.Publishing;

/// <summary>
/// What the publisher has been through, for the health check, the metrics (<c>ledger.publisher.published</c>,
/// <c>ledger.publisher.failures</c>, <c>ledger.publisher.circuit_openings</c>) and tests that must see it back off.
/// </summary>
public sealed class PublisherState
{
    private static readonly Counter<long> PublishedCount = LedgerMeter.Meter.CreateCounter<long>("ledger.publisher.published", "{message}",
        "Integration events the broker confirmed");
    private static readonly Counter<long> FailureCount = LedgerMeter.Meter.CreateCounter<long>("ledger.publisher.failures", "{attempt}",
        "Publish attempts that failed (timed out, refused, or stopped by the open circuit)");
    private static readonly Counter<long> OpeningCount = LedgerMeter.Meter.CreateCounter<long>("ledger.publisher.circuit_openings", "{opening}",
        "Times the publisher's circuit breaker opened");

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
        FailureCount.Add(1);
    }

    internal void Succeeded()
    {
        Interlocked.Increment(ref _published);
        Interlocked.Exchange(ref _consecutiveFailures, 0);
        PublishedCount.Add(1);
    }

    internal void Opened()
    {
        Interlocked.Increment(ref _circuitOpenings);
        CircuitOpen = true;
        OpeningCount.Add(1);
    }

    internal void Closed() => CircuitOpen = false;
}
