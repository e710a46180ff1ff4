using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Domain.FacePay;

/// <summary>
/// How the customer's own device proves that it sets the face-pay PIN: HMAC-SHA256 under the key of the wallet's
/// payment credential (the key the device shows payment codes with) over
/// <c>"face-pin:v1\n" + credential + "\n" + unix seconds + "\n" + PIN</c>, lower-case hex. The prefix keeps a proof from
/// ever being a payment code or the other way round (a code is an HMAC over an 8-byte counter), so a till that saw a
/// code cannot set a PIN with it; the PIN inside the MAC keeps a proof from setting another PIN. Accepted within
/// <see cref="Window"/> of the server's clock.
/// </summary>
public static class DevicePinProof
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public static string Of(byte[] key, string credential, long unixSeconds, string pin) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Message(credential, unixSeconds, pin)));

    public static bool Holds(byte[] key, string credential, long unixSeconds, string pin, string proofHex, DateTimeOffset now)
    {
        if (Math.Abs(now.ToUnixTimeSeconds() - unixSeconds) > Window.TotalSeconds) return false;
        var expected = HMACSHA256.HashData(key, Message(credential, unixSeconds, pin));
        var given = new byte[expected.Length];
        return proofHex.Length == expected.Length * 2 && Convert.FromHexString(proofHex, given, out _, out var written) == System.Buffers.OperationStatus.Done
               && written == expected.Length && CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static byte[] Message(string credential, long unixSeconds, string pin) =>
        Encoding.UTF8.GetBytes($"face-pin:v1\n{credential}\n{unixSeconds.ToString(CultureInfo.InvariantCulture)}\n{pin}");
}
