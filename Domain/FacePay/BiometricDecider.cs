using Ledger.Domain.Wallets;

namespace Ledger.Domain.FacePay;

/// <summary>
/// The wallet's rules for its biometrics: consented enrolment behind the quality gates, re-enrolment, erasure on
/// withdrawn consent, templates of a retired model, and the operator's unlock. A command that is already
/// satisfied returns no events.
/// </summary>
public static class BiometricDecider
{
    public static IReadOnlyList<IWalletEvent> Decide(WalletCommand command, Wallet? wallet, EnrolmentQuality quality)
    {
        if (wallet is null)
            throw new DomainRuleViolation(RuleCodes.NotFound, $"Wallet {command.WalletId} does not exist.");
        return command switch
        {
            EnrolFace enrol => Enrol(enrol, wallet, quality),
            WithdrawBiometricConsent withdraw => Withdraw(withdraw, wallet),
            // Retiring the old model: every template of another model is no longer compared (renewed customers keep paying).
            MarkTemplateOutdated mark => wallet.Biometrics.Templates.Where(t => !t.Outdated && t.ModelId != mark.CurrentModelId)
                .Select(t => (IWalletEvent)new FaceTemplateOutdated(wallet.Id, t.TemplateId, t.ModelId, mark.CurrentModelId, mark.Now)).ToList(),
            SetFacePayPin pin => wallet.Status == WalletStatus.Closed
                ? throw new DomainRuleViolation(RuleCodes.WalletClosed, "The wallet is closed.")
                : [new FacePayPinSet(wallet.Id, pin.Now)],
            ResetFacePayPin reset => [new FacePayPinReset(wallet.Id, reset.Now)],
            UnlockFacePay unlock => wallet.Biometrics.IsLocked ? [new FacePayUnlocked(wallet.Id, unlock.Now)] : [],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a biometric command."),
        };
    }

    private static IReadOnlyList<IWalletEvent> Enrol(EnrolFace command, Wallet wallet, EnrolmentQuality quality)
    {
        if (wallet.Status == WalletStatus.Closed)
            throw new DomainRuleViolation(RuleCodes.WalletClosed, "A closed wallet cannot enrol a face.");
        if (string.IsNullOrWhiteSpace(command.ConsentPurpose) || string.IsNullOrWhiteSpace(command.ConsentPolicyVersion))
            throw new DomainRuleViolation(RuleCodes.ConsentMissing, "Enrolment needs the customer's consent: its purpose and policy version.");
        if (quality.Check(command.FacesSeen, command.Quality) is { } rejection)
            throw new DomainRuleViolation(RuleCodes.CaptureRejected(rejection), Explain(rejection, command, quality));

        var events = new List<IWalletEvent>();
        if (!wallet.FacePayEnabled || wallet.ConsentPolicyVersion != command.ConsentPolicyVersion
            || wallet.Biometrics.ConsentPurpose != command.ConsentPurpose)
            events.Add(new FacePayEnabled(wallet.Id, command.ConsentPolicyVersion, command.ConsentPurpose, command.Now));
        events.Add(new FaceEnrolled(wallet.Id, command.TemplateId, command.ModelId, command.ModelSha256, command.CaptureSha256,
            command.Quality!, command.ConsentPolicyVersion, wallet.Biometrics.Template?.TemplateId, command.Now));
        return events;
    }

    private static IReadOnlyList<IWalletEvent> Withdraw(WithdrawBiometricConsent command, Wallet wallet)
    {
        var events = new List<IWalletEvent>();
        if (wallet.FacePayEnabled) events.Add(new FacePayDisabled(wallet.Id, command.Now));
        if (wallet.Biometrics.Template is { } template)
            events.Add(new BiometricDataErased(wallet.Id, template.TemplateId, command.Reason, command.Now));
        return events;
    }

    private static string Explain(EnrolmentRejection rejection, EnrolFace command, EnrolmentQuality gates) => rejection switch
    {
        EnrolmentRejection.NoFace => "No face was found in the capture.",
        EnrolmentRejection.MultipleFaces => $"The capture shows {command.FacesSeen} faces; enrolment needs exactly one.",
        EnrolmentRejection.FaceTooSmall => $"The face is too small: {command.Quality!.InterocularPx:0.#} px between the eyes, at least {gates.MinInterocularPx:0.#} needed.",
        EnrolmentRejection.NotFrontal => $"The face is turned away: frontalness {command.Quality!.Frontalness:0.00}, at least {gates.MinFrontalness:0.00} needed.",
        EnrolmentRejection.TooTilted => $"The head is tilted {command.Quality!.RollDegrees:0.#} degrees; at most {gates.MaxRollDegrees:0.#} allowed.",
        EnrolmentRejection.Blurred => $"The capture is blurred: sharpness {command.Quality!.Sharpness:0}, at least {gates.MinSharpness:0} needed.",
        _ => rejection.ToString(),
    };
}
