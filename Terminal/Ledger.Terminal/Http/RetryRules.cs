using Polly.Timeout;

namespace Ledger.Terminal.Http;

/// <summary>
/// When a terminal may ask again: only when no decision was made. A transport failure or a try that timed out (the
/// request may have arrived: the same key makes the repeat safe), 503 (the service could not decide now), 429 with a
/// Retry-After (busy), and 409 <c>contention</c> (the service says: retry with the same key). Never after a decision
/// (201) nor after any other refusal, which asking again would only repeat. Also 401 <c>replayed</c>: this very signed
/// request arrived before (a copy made on the way) and was cut off before its decision; a try with a fresh nonce gets
/// the decision stored under the key, if any.
/// </summary>
public static class RetryRules
{
    public const string ContentionType = "urn:ledger:problem:contention";
    public const string ReplayedType = "urn:ledger:problem:replayed";

    public static bool IsRetryable(TerminalResponse response) => response.Status switch
    {
        503 => true,
        429 => response.RetryAfter is not null,
        409 => Payments.Problem.Read(response).Type == ContentionType,
        401 => Payments.Problem.Read(response).Type == ReplayedType,
        _ => false,
    };

    /// <param name="caller">The caller's own token: when it asked to stop, nothing is retried.</param>
    public static bool IsRetryable(Exception failure, CancellationToken caller) => failure switch
    {
        _ when caller.IsCancellationRequested => false,
        HttpRequestException or IOException or TimeoutRejectedException or TimeoutException or NotAnAnswerException => true,
        // HttpClient.Timeout, or the connection's own: not the caller's doing.
        OperationCanceledException => true,
        _ => false,
    };
}

/// <summary>What came back cannot be taken as the service's answer (a bus reply that does not verify): as if none came.</summary>
public sealed class NotAnAnswerException(string message) : Exception(message);
