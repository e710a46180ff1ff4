using System.Security.Cryptography;

namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// PBKDF2-SHA256 verifiers of face-pay PINs. A 4–8 digit PIN is weak against an offline attacker whatever the
/// hash, so the real protection is that verifiers never leave the vault (not in events, not in the idempotency
/// record) and that wrong PINs count towards the customer's lock-out.
/// </summary>
public static class PinHasher
{
    public const int Iterations = 210_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static (byte[] Salt, byte[] Hash) Hash(string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return (salt, Derive(pin, salt, Iterations));
    }

    public static bool Matches(string pin, byte[] salt, byte[] hash, int iterations) =>
        CryptographicOperations.FixedTimeEquals(Derive(pin, salt, iterations), hash);

    public static bool IsWellFormed(string? pin) => pin is { Length: >= 4 and <= 8 } && pin.All(char.IsAsciiDigit);

    private static byte[] Derive(string pin, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(System.Text.Encoding.UTF8.GetBytes(pin), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
