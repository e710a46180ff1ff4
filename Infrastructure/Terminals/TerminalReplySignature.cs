using System.Security.Cryptography;
using System.Text;

namespace Ledger.Infrastructure.Terminals;

/// <summary>
/// The signing scheme of the service's replies to a terminal on the bus (docs/MESSAGING.md), with the same secret the
/// terminal signs its requests with (<see cref="TerminalSignature"/>): hex(HMAC-SHA256(key = ASCII bytes of the secret,
/// "v1-reply\n" + keyId + "\n" + request nonce + "\n" + request signature + "\n" + unix-seconds + "\n" + status + "\n" +
/// hex(SHA-256(UTF-8 body)))), lowercase hex throughout. The request's signature is in it so that a reply answers that
/// very request: a refusal somebody obtains for the same key and nonce with a body or signature of their own does not
/// verify at the terminal. The first line keeps a reply from ever being read as a request ("v1\n...") or back.
/// BCL only, so a terminal SDK can take this file as it is.
/// </summary>
public static class TerminalReplySignature
{
    public const string Version = "v1-reply";

    public static string StringToSign(string keyId, string requestNonce, string requestSignature, long unixSeconds, int status, string body) =>
        $"{Version}\n{keyId}\n{requestNonce}\n{requestSignature}\n{unixSeconds}\n{status}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";

    /// <summary>
    /// Whether a field of the request (key id, nonce, signature) can go into a signed reply: 1 to
    /// <see cref="TerminalSignature.MaxNonceLength"/> visible ASCII characters, as the request check accepts for a
    /// nonce, so that no line break can shift the fields. A request with any other is answered unsigned.
    /// </summary>
    public static bool CanSignOver(string? field) => TerminalSignature.IsSignableField(field);
}
