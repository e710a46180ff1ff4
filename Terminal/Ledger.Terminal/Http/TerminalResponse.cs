namespace Ledger.Terminal.Http;

/// <summary>An answer as received: status, body, and what the retry and the outcome need of its headers.</summary>
/// <param name="RetryAfter">The service's <c>Retry-After</c>, when it gave one.</param>
/// <param name="Replayed">The service answered from its record of the idempotency key (<c>Idempotent-Replayed: true</c>).</param>
public sealed record TerminalResponse(int Status, string Body, TimeSpan? RetryAfter, bool Replayed)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
