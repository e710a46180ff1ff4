using System.Security.Cryptography;
using System.Text;

namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// The one-time part of a payment code: TOTP (RFC 6238) with HMAC-SHA-256 over a 256-bit key per credential.
/// The customer's device and the verifier run the same function; the key never enters a command or an event
/// (the caller unseals it and hands it in).
/// </summary>
public static class PaymentCodeGenerator
{
    /// <summary>RFC 6238 §5.1 and RFC 4226 §4 R6: the key as long as the HMAC output, 256 bits for SHA-256.</summary>
    public const int KeyBytes = 32;

    public const int DefaultDigits = 8;

    /// <summary>RFC 6238 §5.2 recommends 30 seconds as the balance between usability and exposure.</summary>
    public const int DefaultStepSeconds = 30;

    /// <summary>RFC 6238 §4.2: T = floor((Unix time - T0) / X) with T0 = 0.</summary>
    public static long StepAt(DateTimeOffset at, int stepSeconds = DefaultStepSeconds)
    {
        if (stepSeconds < 1)
            throw new ArgumentOutOfRangeException(nameof(stepSeconds), stepSeconds, "A time step is at least one second.");
        var seconds = at.ToUnixTimeSeconds();
        if (seconds < 0)
            throw new ArgumentOutOfRangeException(nameof(at), at, "Payment codes start at the Unix epoch.");
        return seconds / stepSeconds;
    }

    /// <summary>The code the device shows during <paramref name="step"/>.</summary>
    public static string CodeFor(ReadOnlySpan<byte> key, long step, int digits = DefaultDigits)
    {
        EnsureKey(key);
        return Hotp.Compute(key, step, digits, HashAlgorithmName.SHA256);
    }

    /// <summary>The code the device shows at <paramref name="at"/>.</summary>
    public static string CodeAt(ReadOnlySpan<byte> key, DateTimeOffset at, int digits = DefaultDigits, int stepSeconds = DefaultStepSeconds) =>
        CodeFor(key, StepAt(at, stepSeconds), digits);

    /// <summary>
    /// Whether <paramref name="code"/> is the code of <paramref name="step"/>. The comparison takes the same time
    /// wherever the first differing digit is, so response times do not reveal a code digit by digit.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> key, long step, string code, int digits = DefaultDigits)
    {
        ArgumentNullException.ThrowIfNull(code);
        var expected = Encoding.ASCII.GetBytes(CodeFor(key, step, digits));
        var presented = Encoding.ASCII.GetBytes(code);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    private static void EnsureKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyBytes)
            throw new ArgumentException($"A payment credential key has {KeyBytes} bytes, not {key.Length}.", nameof(key));
    }
}
