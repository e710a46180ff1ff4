using Ledger.Domain.Wallets;

namespace Ledger.Domain.FacePay;

/// <summary>
/// What the model in service made of the capture a payment was verified with under an older model's template: the template
/// it would keep (stored only if <see cref="TemplateRenewalRule"/> renews), the faces it saw, the quality it measured, and
/// whether its own comparison with the other candidates it may compare found somebody else within its threshold.
/// </summary>
public sealed record TemplateRenewal(Guid TemplateId, string ModelId, string ModelSha256, int FacesSeen, FaceQuality? Quality, bool LooksLikeAnother);

/// <summary>
/// A model change must not send every customer back to the counter: a successful face payment verified under the
/// customer's template of an older model renews it for the model in service, from the same capture. Only when the
/// capture could be enrolled (the enrolment gates), the new model does not take it for another customer, and the
/// customer's consent still stands. The old model's template is kept (one per model) and the two are never compared.
/// </summary>
public static class TemplateRenewalRule
{
    public static IReadOnlyList<IWalletEvent> Renew(PayByFace command, Wallet wallet, EnrolmentQuality gates)
    {
        if (command.Renewal is not { } renewal || command.Face.TemplateId is not { } verifiedWith) return [];
        var profile = wallet.Biometrics;
        var old = profile.TemplateById(verifiedWith);
        var renews = old is { Outdated: false }
                     && old.ModelId == command.Face.ModelId
                     && old.ModelId != renewal.ModelId
                     && profile.CurrentTemplateOf(renewal.ModelId) is null
                     && !profile.Erased
                     && wallet.FacePayEnabled && wallet.ConsentPolicyVersion is not null
                     && !renewal.LooksLikeAnother
                     && gates.Check(renewal.FacesSeen, renewal.Quality) is null;
        return renews
            ? [new FaceTemplateRenewed(wallet.Id, renewal.TemplateId, renewal.ModelId, renewal.ModelSha256, old!.TemplateId, old.ModelId,
                command.PaymentId, command.Face.CaptureSha256, renewal.Quality!, wallet.ConsentPolicyVersion!, profile.ConsentPurpose, command.Now)]
            : [];
    }
}
