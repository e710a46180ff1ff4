namespace Ledger.Terminal.Payments;

/// <summary>
/// What became of a payment request, one of four: <see cref="Authorized"/>, <see cref="Declined"/> (a decision, final:
/// never sent again), <see cref="Refused"/> (the service would not decide: a problem type and status, nothing written)
/// and <see cref="Unanswered"/> (no answer within the tries and time allowed: the payment may or may not be booked, so
/// send the same <see cref="PreparedRequest"/> again, never a new one, until it is decided).
/// </summary>
public abstract record PaymentOutcome(PreparedRequest Request, int Attempts)
{
    /// <summary>The payment is booked.</summary>
    /// <param name="Replayed">The service answered from its record of this idempotency key (an earlier try got through).</param>
    public sealed record Authorized(PreparedRequest Request, int Attempts, Guid PaymentId, Amount Amount, DateTimeOffset DecidedAt, bool Replayed)
        : PaymentOutcome(Request, Attempts);

    /// <summary>The payment is declined, with a coarse reason (<c>face_not_verified</c>, <c>payment_code_invalid</c>, ...).</summary>
    public sealed record Declined(PreparedRequest Request, int Attempts, Guid PaymentId, Amount Amount, string Reason, DateTimeOffset DecidedAt,
        bool Replayed) : PaymentOutcome(Request, Attempts);

    /// <summary>
    /// Refused before any decision (RFC 9457 problem): <paramref name="ProblemType"/> is <c>urn:ledger:problem:CODE</c>
    /// (<see cref="Code"/>), e.g. 400 validation, 401 signature-invalid, 403 terminal-not-active, 422 pin-required.
    /// </summary>
    public sealed record Refused(PreparedRequest Request, int Attempts, int Status, string ProblemType, string? Title, string? Detail, string Body)
        : PaymentOutcome(Request, Attempts)
    {
        public string Code => ProblemType.StartsWith(ProblemTypes.Prefix, StringComparison.Ordinal) ? ProblemType[ProblemTypes.Prefix.Length..] : ProblemType;
    }

    /// <summary>No decision reached the terminal: send <see cref="PaymentOutcome.Request"/> again later.</summary>
    /// <param name="LastStatus">The last status heard (503, 429), or null when the transport failed.</param>
    public sealed record Unanswered(PreparedRequest Request, int Attempts, int? LastStatus, Exception? LastError) : PaymentOutcome(Request, Attempts);
}

public static class ProblemTypes
{
    public const string Prefix = "urn:ledger:problem:";
}
