using Ledger.Domain.Wallets;

namespace Ledger.Domain.FacePay;

/// <summary>
/// Who may be compared with a capture at all. Decided before any template is decrypted: a locked, frozen, closed or
/// non-consenting customer, an erased one, or a template that is outdated or of another model than the comparison's is never compared,
/// so a face can neither pay from such a wallet nor learn anything by trying.
/// </summary>
public static class FaceEligibility
{
    public static bool MayBeCompared(Wallet wallet, Guid templateId, string modelId) =>
        wallet.Status == WalletStatus.Active
        && wallet.FacePayEnabled
        && !wallet.Biometrics.IsLocked
        && !wallet.Biometrics.Erased
        && wallet.Biometrics.CurrentTemplateOf(modelId) is { } template
        && template.TemplateId == templateId;
}
