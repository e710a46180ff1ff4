using System.Threading.RateLimiting;

namespace Ledger.Api.WebConsole;

/// <summary>
/// Wrong tokens at the sign-in form, counted per client address: a bucket of <see cref="ConsoleOptions.SignInFailuresPerMinute"/>
/// that refills over a minute. While it is empty every sign-in from that address is refused (429) before its token is
/// looked up, so the form cannot be used to test tokens faster than that. Only failures take from the bucket.
/// </summary>
public sealed class SignInFailures(ConsoleOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, options.SignInFailuresPerMinute),
            TokensPerPeriod = Math.Max(1, options.SignInFailuresPerMinute),
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>True while the address may still try (asks for no permit: only a failure spends one).</summary>
    public bool MayTry(string address)
    {
        using var probe = _limiter.AttemptAcquire(address, 0);
        return probe.IsAcquired;
    }

    public void Failed(string address) => _limiter.AttemptAcquire(address).Dispose();

    public void Dispose() => _limiter.Dispose();
}
