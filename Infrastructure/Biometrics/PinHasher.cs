using System.Security.Cryptography;

namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// Verifiers of face-pay PINs: PBKDF2-SHA256 (210,000 rounds, 16-byte salt) over HMAC-SHA256(pepper, PIN). The pepper
/// lives in the <see cref="IBiometricKeyStore"/>, never in the database: a 4–8 digit PIN falls to an offline search in
/// minutes whatever the rounds, so a stolen table (or backup) must be useless without the pepper. Verifiers never
/// leave the vault either (not in events, not in the idempotency record), and wrong PINs count towards the lock-out.
/// </summary>
public sealed class PinHasher(byte[] pepper)
{
    public const string PepperName = "pin-pepper";
    public const int Iterations = 210_000;

    /// <summary>The scheme of the rows this hasher writes; rows from before the pepper say <see cref="Unpeppered"/>.</summary>
    public const string Peppered = "hmac-pepper+pbkdf2-sha256";
    public const string Unpeppered = "pbkdf2-sha256";

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static PinHasher From(IBiometricKeyStore keys) => new(keys.Secret(PepperName));

    public (byte[] Salt, byte[] Hash) Hash(string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return (salt, Derive(Peppered, pin, salt, Iterations));
    }

    public bool Matches(string scheme, string pin, byte[] salt, byte[] hash, int iterations) =>
        CryptographicOperations.FixedTimeEquals(Derive(scheme, pin, salt, iterations), hash);

    public static bool IsWellFormed(string? pin) => pin is { Length: >= 4 and <= 8 } && pin.All(char.IsAsciiDigit);

    private byte[] Derive(string scheme, string pin, byte[] salt, int iterations)
    {
        var secret = scheme switch
        {
            Peppered => HMACSHA256.HashData(pepper, System.Text.Encoding.UTF8.GetBytes(pin)),
            Unpeppered => System.Text.Encoding.UTF8.GetBytes(pin),
            _ => throw new CryptographicException($"Unknown PIN scheme '{scheme}'."),
        };
        try { return Rfc2898DeriveBytes.Pbkdf2(secret, salt, iterations, HashAlgorithmName.SHA256, HashBytes); }
        finally { CryptographicOperations.ZeroMemory(secret); }
    }
}
