using Ledger.Domain.Application;
using Ledger.Domain.Approvals;
using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Biometrics;
using Ledger.Vision.Imaging;
using Ledger.Vision.Verification;

namespace Ledger.Api.FacePay;

/// <summary>
/// Enrolment: the capture goes through the vision pipeline, the quality gates decide whether it may become a
/// template, and the consent, the template reference and the encrypted template commit together. The capture
/// itself is dropped when the request ends; only its keyed digest is recorded.
/// </summary>
public sealed class FaceEnrolmentFlow(FaceVerifier verifier, BiometricVault vault, FacePayUseCases useCases)
{
    public async Task<CommandResult<Wallet>> EnrolAsync(Guid walletId, byte[] image, EnrolmentConsentRequest consent, CommandContext context, CancellationToken ct)
    {
        FaceAnalysis analysis;
        try { analysis = await verifier.AnalyzeAsync(image, cancellationToken: ct); }
        catch (ImageRejectedException e) { throw FaceCaptures.Refused(e); }

        var face = analysis.Chosen;
        var model = verifier.RecognitionModel;
        var templateId = context.IdFor("face-template");
        var command = new EnrolFace(walletId, templateId, model.Key, model.Sha256, vault.Digests.Of(image), analysis.FacesSeen,
            FaceEvidenceMapping.Quality(face?.Quality), consent.Purpose!, consent.PolicyVersion!, context.Now);
        // Only reached once the decider accepted the capture, so there is a face and a template here.
        var permit = new UseApproval(consent.ApprovalId!.Value, walletId, templateId, consent.FormSha256!.ToLowerInvariant(), context.Actor.ToString(), context.Now);
        var result = await useCases.EnrolAsync(command, permit,
            wallet => vault.Enrol(walletId, wallet.PhoneNumber, templateId, model.Key, model.Sha256, face!.Template.Descriptor, context.Now),
            context, ct);
        Infrastructure.Diagnostics.CrashPoints.Reached(Infrastructure.Diagnostics.CrashPoints.EnrolmentCommitted);
        // The template the row now names keeps its key; an earlier template's (or one from a commit that never came) goes.
        await vault.DestroyStaleKeysAsync(walletId, ct);
        return result;
    }

    public Task<CommandResult<Wallet>> WithdrawConsentAsync(Guid walletId, CommandContext context, CancellationToken ct) =>
        useCases.WithdrawConsentAsync(new WithdrawBiometricConsent(walletId, "consent_withdrawn", context.Now), () => vault.Erase(walletId), context, ct);
}
