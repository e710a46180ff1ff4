namespace Ledger.Domain.Terminals;

/// <summary>How a device signs. Stored by name.</summary>
public enum DeviceKeyAlgorithm
{
    /// <summary>ECDSA over P-256 with SHA-256: what secure elements and phone keystores hold.</summary>
    ES256,
    /// <summary>Ed25519: accepted for software terminals, which can only ever be <see cref="DeviceAssurance.Registered"/>.</summary>
    Ed25519,
}

/// <summary>How much the service knows about where a device key lives. Stored by name.</summary>
public enum DeviceAssurance
{
    /// <summary>The terminal proved it holds the key; nothing shows the key cannot be copied.</summary>
    Registered,
    /// <summary>A certificate chain to a pinned manufacturer root says the key was made in, and never leaves, secure hardware.</summary>
    HardwareAttested,
}

/// <summary>
/// The key a terminal's camera module signs its capture statements with. <paramref name="LastCounter"/> is the
/// highest statement counter accepted so far: a statement must carry a higher one, so a recorded statement cannot be
/// replayed and a cloned key that falls behind shows itself.
/// </summary>
/// <param name="PublicKey">SubjectPublicKeyInfo (DER).</param>
public sealed record DeviceKey(string Id, DeviceKeyAlgorithm Algorithm, byte[] PublicKey, DeviceAssurance Assurance, long LastCounter)
{
    /// <summary>The key's id follows from the key: "dk_" and the first 32 hex digits of SHA-256 over its SubjectPublicKeyInfo.</summary>
    public static string IdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        "dk_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(subjectPublicKeyInfo))[..32];

    public bool Equals(DeviceKey? other) =>
        other is not null && Id == other.Id && Algorithm == other.Algorithm && Assurance == other.Assurance && LastCounter == other.LastCounter
        && PublicKey.AsSpan().SequenceEqual(other.PublicKey);

    public override int GetHashCode() => HashCode.Combine(Id, LastCounter);
}
