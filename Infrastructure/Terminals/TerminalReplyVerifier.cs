namespace Ledger.Infrastructure.Terminals;

/// <summary>Why a terminal must not act on a reply: to the terminal it is no answer at all.</summary>
public enum TerminalReplyRejection
{
    /// <summary>No signature: the service could not tell whose request it answered, or somebody else sent it.</summary>
    Unsigned,

    /// <summary>The reply echoes another request's nonce.</summary>
    NonceMismatch,

    /// <summary>The reply's time is more than the allowed skew away from the terminal's clock.</summary>
    TimestampOutOfWindow,

    /// <summary>The signature is not the terminal's key over this reply to this request.</summary>
    SignatureInvalid,
}

/// <summary>A reply as the terminal may use it: the service's status and body, or why it is no answer.</summary>
public sealed record TerminalReplyCheck(int Status, string Body, TerminalReplyRejection? Rejection)
{
    public bool IsGenuine => Rejection is null;
}

/// <summary>
/// The terminal's side of <see cref="TerminalReplySignature"/>: a reply counts only when it is signed with the terminal's
/// own key, over the nonce of the request it sent, within the allowed skew of its clock. A reply that does not verify
/// (a forged "authorized" from somebody with broker credentials, an old reply replayed, a reply to another request,
/// an unsigned one) is treated as no answer: the terminal retries with the same idempotency key, which never charges
/// twice. BCL only (with <see cref="TerminalSignature"/> and <see cref="TerminalReplySignature"/>), for terminal SDKs.
/// </summary>
public static class TerminalReplyVerifier
{
    /// <param name="keyId">The key the terminal signed its request with.</param>
    /// <param name="secret">That key's secret.</param>
    /// <param name="requestNonce">The nonce the terminal sent; the reply must be to this request.</param>
    /// <param name="requestSignature">The signature the terminal sent with that request.</param>
    /// <param name="status">The reply's status, as received.</param>
    /// <param name="body">The reply's body, as received.</param>
    /// <param name="echoedNonce">The nonce the reply says it answers.</param>
    /// <param name="timestamp">The reply's time, unix seconds.</param>
    /// <param name="signature">The reply's signature (empty: unsigned).</param>
    /// <param name="now">The terminal's clock.</param>
    /// <param name="allowedSkew">How far the reply's time may be from <paramref name="now"/>; 5 minutes, as for requests.</param>
    public static TerminalReplyCheck Verify(string keyId, string secret, string requestNonce, string requestSignature, int status, string? body,
        string? echoedNonce, long timestamp, string? signature, DateTimeOffset now, TimeSpan? allowedSkew = null)
    {
        if (string.IsNullOrEmpty(signature)) return Rejected(TerminalReplyRejection.Unsigned);
        if (!string.Equals(echoedNonce, requestNonce, StringComparison.Ordinal)) return Rejected(TerminalReplyRejection.NonceMismatch);
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > (allowedSkew ?? TerminalSignature.AllowedSkew).TotalSeconds)
            return Rejected(TerminalReplyRejection.TimestampOutOfWindow);
        // Over the nonce and signature the terminal sent, not the echo: the signature itself binds the reply to this request.
        var expected = TerminalReplySignature.StringToSign(keyId, requestNonce, requestSignature, timestamp, status, body ?? "");
        if (!TerminalSignature.Matches(secret, expected, signature)) return Rejected(TerminalReplyRejection.SignatureInvalid);
        return new TerminalReplyCheck(status, body ?? "", null);
    }

    private static TerminalReplyCheck Rejected(TerminalReplyRejection why) => new(0, "", why);
}
