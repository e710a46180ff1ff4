using Ledger.Domain.FacePay;

namespace Ledger.Domain.Application;

/// <summary>
/// A customer's current template as stored: still sealed, so looking candidates up decrypts nothing. The caller
/// decides who may be compared at all (<see cref="FaceEligibility"/>) and opens only those. <see cref="WrappedKey"/> is
/// null when the customer's data key was destroyed: the template is erased, only the fact that there was one is left.
/// </summary>
public sealed record SealedFaceTemplate(Guid WalletId, Guid TemplateId, string ModelId, byte[] Sealed, byte[]? WrappedKey)
{
    public bool IsErased => WrappedKey is null;
}

/// <summary>The biometric vault as face pay reads it: templates by the shopper's hint, one opened at a time, the PIN checked.</summary>
public interface IFaceVault
{
    Task<IReadOnlyList<SealedFaceTemplate>> FindAsync(CustomerHint hint, CancellationToken ct);

    /// <summary>
    /// Seals a renewed template of the model in service beside the customer's template of the older model: written in the
    /// payment's commit, and only when the payment's decision renewed it.
    /// </summary>
    ISideWrite KeepRenewed(Guid walletId, string phoneE164, Guid templateId, string modelId, string modelSha256, float[] values, DateTimeOffset now);

    /// <summary>Decrypts one template for one comparison.</summary>
    /// <exception cref="InvalidOperationException">The template was erased.</exception>
    float[] Open(SealedFaceTemplate template);

    /// <summary>Whether <paramref name="pin"/> is the customer's face-pay PIN; no PIN given or on file is <see cref="PinCheck.Missing"/>.</summary>
    Task<PinCheck> CheckPinAsync(Guid walletId, string? pin, CancellationToken ct);

    /// <summary>
    /// How the records name this capture or on-device template: a digest keyed by the deployment, so nobody holding
    /// the events and a photo of a person can tell whether it was that photo.
    /// </summary>
    string DigestOf(FaceProbe probe);
}
