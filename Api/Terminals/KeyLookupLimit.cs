using System.Threading.RateLimiting;

namespace Ledger.Api.Terminals;

/// <summary>
/// How many terminal-key lookups (one indexed read each, before any body is read) run against the database at once.
/// A flood under a real key id would otherwise take every pooled connection for lookups, and the payments in flight and
/// the readiness check would wait behind it (readiness turned 503 under 500 such requests). The rest wait in a queue
/// that costs a few bytes each; beyond it, 503 <c>busy</c>. Configuration <c>Limits:KeyLookupsAtOnce</c> (default 8).
/// </summary>
public sealed class KeyLookupLimit(int atOnce) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = Math.Max(1, atOnce),
        QueueLimit = 10_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public static KeyLookupLimit From(IConfiguration configuration) => new(configuration.GetValue("Limits:KeyLookupsAtOnce", 8));

    /// <summary>A lease to hold for one lookup; not acquired when the queue is full.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken ct) => _limiter.AcquireAsync(1, ct);

    public void Dispose() => _limiter.Dispose();
}
