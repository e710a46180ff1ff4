using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Terminal.Signing;

/// <summary>Why a reply on the bus is no answer: the terminal acts as if none came, and asks again with the same key.</summary>
public enum ReplyRejection
{
    /// <summary>No signature: the service could not tell whose request it answered, or somebody else sent it.</summary>
    Unsigned,

    /// <summary>The reply names another request's nonce.</summary>
    NonceMismatch,

    /// <summary>The reply's time is more than the allowed skew from the terminal's clock.</summary>
    TimestampOutOfWindow,

    /// <summary>Not the terminal's key over this reply to this very request.</summary>
    SignatureInvalid,
}

/// <summary>
/// The service signs every reply on the bus with the requesting terminal's secret: lowercase hex HMAC-SHA256 over
/// <c>v1-reply\nkeyId\nrequest-nonce\nrequest-signature\nunix-seconds\nstatus\nhex(SHA-256(UTF-8 body))</c>. The request's
/// own signature is in it, so a reply answers that request only; a forged "authorized" from somebody with broker
/// credentials, a replayed or unsigned reply does not verify.
/// </summary>
public static class ReplySignature
{
    public static string StringToSign(string keyId, string requestNonce, string requestSignature, long unixSeconds, int status, string body) =>
        string.Create(CultureInfo.InvariantCulture,
            $"v1-reply\n{keyId}\n{requestNonce}\n{requestSignature}\n{unixSeconds}\n{status}\n{RequestSignature.Sha256Hex(Encoding.UTF8.GetBytes(body))}");

    /// <summary>How far a reply's time may be from the terminal's clock, either way, as for requests.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    /// <summary>Null when the reply is the service's answer to the request signed with these headers; else why not.</summary>
    public static ReplyRejection? Check(TerminalCredentials terminal, SignedHeaders request, int status, string? body, string? echoedNonce,
        long timestamp, string? signature, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(signature)) return ReplyRejection.Unsigned;
        if (!string.Equals(echoedNonce, request.Nonce, StringComparison.Ordinal)) return ReplyRejection.NonceMismatch;
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > AllowedSkew.TotalSeconds) return ReplyRejection.TimestampOutOfWindow;
        var expected = Encoding.ASCII.GetBytes(RequestSignature.Hmac(terminal.Secret,
            StringToSign(terminal.KeyId, request.Nonce, request.Signature, timestamp, status, body ?? "")));
        var given = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given) ? null : ReplyRejection.SignatureInvalid;
    }
}
