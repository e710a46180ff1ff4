namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// Where the secrets that open biometric data live: the per-template data keys (wrapped by the master key) and the
/// deployment's own secrets (the PIN pepper, the key of capture digests). Never the database that holds the sealed
/// templates and PIN hashes: a copy of that database, its backups or its WAL, even with the master key, opens nothing
/// without this store, and destroying a data key here is what makes an erasure final. It has its own backup policy
/// (short-lived, or none for data keys: a restored key would undo an erasure).
/// </summary>
public interface IBiometricKeyStore
{
    /// <summary>Keeps the wrapped data key of one template (replacing one of the same template).</summary>
    void StoreDataKey(Guid walletId, Guid templateId, byte[] wrappedKey);

    /// <summary>The wrapped data key of the template, or null when it was destroyed or never stored.</summary>
    byte[]? DataKey(Guid walletId, Guid templateId);

    /// <summary>Destroys every data key of the wallet except the one of <paramref name="keep"/> (all when null).</summary>
    void DestroyDataKeys(Guid walletId, Guid? keep = null);

    /// <summary>A deployment secret of 32 random bytes, made on first use and the same ever after.</summary>
    byte[] Secret(string name);
}
