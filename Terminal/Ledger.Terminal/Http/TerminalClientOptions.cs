namespace Ledger.Terminal.Http;

/// <summary>How long and how often a terminal tries before it says "no answer". Defaults suit a till on a shop's network.</summary>
public sealed record TerminalClientOptions
{
    /// <summary>Tries after the first, each with the same idempotency key and body, a new nonce and timestamp.</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Backoff before the first retry when the service named no Retry-After; doubles (with jitter) up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A Retry-After longer than this is not waited for: the outcome is <c>Unanswered</c> at once.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>One try's limit: a try that takes longer is abandoned (and retried: the key makes that safe).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The whole call's limit, tries and waits included; then the outcome is <c>Unanswered</c>.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock requests are signed with and delays are measured by.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
