namespace Ledger.Domain.Application;

/// <summary>
/// Where the keys of payment credentials are kept, sealed, outside the events. The domain never holds a key longer
/// than one verification.
/// </summary>
public interface IPaymentCredentialKeys
{
    /// <summary>Stores a new credential's key; commits with the credential's registration.</summary>
    ISideWrite Store(Guid credentialId, Guid walletId, byte[] key, DateTimeOffset now);

    /// <summary>The credential's key, unsealed, with its wallet; null when no such credential was ever issued.</summary>
    Task<CredentialKey?> KeyAsync(Guid credentialId, CancellationToken ct);
}
