using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.FacePay;

/// <summary>
/// Decides a face payment from what the vision plugin concluded, in the order a customer would want it explained:
/// the face, whether face pay can be used (enrolled, current model, not locked), the step-up the policy asks
/// (whole phone number on a first visit, PIN above an amount), then the wallet's limits. Every attempt is recorded:
/// FaceVerified followed by the payment decision, or FaceVerificationFailed. Failures that suggest somebody else
/// (no match, ambiguous, wrong PIN) count towards the customer's lock-out.
/// </summary>
public static class FacePaymentDecider
{
    /// <param name="renewalGates">The enrolment gates a capture must pass to renew a template (<see cref="TemplateRenewalRule"/>).</param>
    public static PaymentOutcome Decide(PayByFace command, Wallet? wallet, Terminal? terminal, Merchant? merchant, FacePayPolicy policy,
        EnrolmentQuality? renewalGates = null)
    {
        var outcome = DecideFace(command, wallet, terminal, merchant, policy, renewalGates ?? EnrolmentQuality.Default);
        return command.OperatingPoint is { } point
            ? outcome with { PaymentEvents = [.. outcome.PaymentEvents, new FaceOperatingPointRecorded(command.PaymentId, point, command.Now)] }
            : outcome;
    }

    private static PaymentOutcome DecideFace(PayByFace command, Wallet? wallet, Terminal? terminal, Merchant? merchant, FacePayPolicy policy,
        EnrolmentQuality renewalGates)
    {
        (terminal, merchant) = PaymentDecider.TerminalTakingPayment(command.TerminalId, command.Amount, terminal, merchant);
        if (command.WalletId is not null && wallet is null)
            throw new DomainRuleViolation(RuleCodes.NotFound, $"Wallet {command.WalletId} does not exist.");
        if (wallet is not null) PaymentDecider.EnsureWalletCurrency(wallet, command.Amount);

        var face = command.Face;
        var assurance = face.Capture?.Assurance ?? Capture.CaptureAssurance.Unattested;
        if (!policy.AllowsAmount(command.Amount, assurance))
            throw new DomainRuleViolation(Capture.CaptureRuleCodes.AssuranceTooLow, "The capture's device key is not attested for this amount.");
        if (face.Outcome != FaceOutcome.Match)
            return Failed(command, wallet, merchant, ReasonFor(face.Outcome, wallet), policy, counts: face.Outcome is FaceOutcome.NoMatch or FaceOutcome.Ambiguous);
        if (wallet is null)
            throw new DomainRuleViolation(RuleCodes.NotFound, "A matched face must name its wallet.");

        var profile = wallet.Biometrics;
        var template = face.TemplateId is { } templateId && !profile.Erased ? profile.TemplateById(templateId) : null;
        if (template is null)
            return Failed(command, wallet, merchant, DeclineReason.NotEnrolled, policy, counts: false);
        if (template.Outdated || template.ModelId != face.ModelId)
            return Failed(command, wallet, merchant, DeclineReason.ReenrolmentRequired, policy, counts: false);

        var (limitReason, inputs) = LimitRules.Evaluate(wallet, command.Amount, command.Now);
        inputs = inputs with { Face = face, FacePolicy = policy.Version };
        // A closed, frozen or non-consenting wallet is declined as such before any step-up is asked of the shopper.
        DeclineReason? stepUp =
            limitReason is DeclineReason.WalletClosed or DeclineReason.WalletFrozen or DeclineReason.FacePayNotEnabled ? limitReason
            : profile.IsLocked ? DeclineReason.FacePayLocked
            : face.Hint == CustomerHintKind.PhoneLastFour && !profile.IsRegularAt(merchant.Id) ? DeclineReason.FullPhoneNumberRequired
            : policy.RequiresPin(command.Amount, assurance) && command.Pin is PinCheck.Missing or PinCheck.NotRequired ? DeclineReason.PinRequired
            : policy.RequiresPin(command.Amount, assurance) && command.Pin is PinCheck.Incorrect ? DeclineReason.PinIncorrect
            : null;
        var verified = new FaceVerified(command.PaymentId, wallet.Id, merchant.Id, terminal.Id, face, policy.Version, command.Now);

        if ((stepUp ?? limitReason) is { } declined)
        {
            IReadOnlyList<IWalletEvent> walletEvents = declined == DeclineReason.PinIncorrect
                ? RejectPin(command, wallet, policy)
                : [.. stepUp is null || stepUp == limitReason ? ClearFailures(command, wallet) : [], .. AcceptPin(command, wallet)];
            return new PaymentOutcome(
                [verified, new PaymentDeclined(command.PaymentId, wallet.Id, merchant.Id, terminal.Id, command.Amount, declined, inputs, command.Now)],
                walletEvents);
        }
        return new PaymentOutcome(
            [verified, new PaymentAuthorized(command.PaymentId, wallet.Id, merchant.Id, terminal.Id, command.Amount, inputs, command.Now)],
            [new WalletDebited(wallet.Id, command.PaymentId, merchant.Id, command.Amount, command.Now), .. ClearFailures(command, wallet),
                .. AcceptPin(command, wallet), .. TemplateRenewalRule.Renew(command, wallet, renewalGates)]);
    }

    // Wrong PINs are counted on their own: only a right PIN or an operator clears them, so a PIN cannot be guessed
    // a few at a time between small payments that need none.
    private static IReadOnlyList<IWalletEvent> RejectPin(PayByFace command, Wallet wallet, FacePayPolicy policy)
    {
        var rejections = wallet.Biometrics.PinRejections + 1;
        var rejected = new FacePayPinRejected(wallet.Id, command.PaymentId, command.TerminalId, rejections, command.Now);
        return rejections >= policy.LockAfterPinRejections && !wallet.Biometrics.IsLocked
            ? [rejected, new FacePayLocked(wallet.Id, rejections, TimeSpan.Zero, policy.Version, command.Now)]
            : [rejected];
    }

    private static IReadOnlyList<IWalletEvent> AcceptPin(PayByFace command, Wallet wallet) =>
        command.Pin == PinCheck.Correct && wallet.Biometrics.PinRejections > 0
            ? [new FacePayPinAccepted(wallet.Id, command.PaymentId, command.Now)]
            : [];

    private static PaymentOutcome Failed(PayByFace command, Wallet? wallet, Merchant merchant, DeclineReason reason, FacePayPolicy policy, bool counts) =>
        new([new FaceVerificationFailed(command.PaymentId, wallet?.Id, merchant.Id, command.TerminalId, command.Amount, reason,
                command.Face, policy.Version, command.Now)],
            counts && wallet is not null ? CountFailure(command, wallet, RuleCodes.FromName(reason.ToString()), policy) : []);

    private static IReadOnlyList<IWalletEvent> CountFailure(PayByFace command, Wallet wallet, string reason, FacePayPolicy policy)
    {
        var profile = wallet.Biometrics;
        if (profile.IsLocked) return [];
        var failure = new FacePayFailureRecorded(wallet.Id, command.PaymentId, command.TerminalId, reason, command.Now);
        var recent = profile.Failures.After(command.Now).CountWithin(policy.FailureWindow, command.Now);
        return recent >= policy.LockAfterFailures
            ? [failure, new FacePayLocked(wallet.Id, recent, policy.FailureWindow, policy.Version, command.Now)]
            : [failure];
    }

    // The auditor's reason why a customer was not compared; the terminal hears face_not_verified whichever it is.
    private static DeclineReason WhyNotEligible(Wallet wallet) =>
        wallet.Status == WalletStatus.Closed ? DeclineReason.WalletClosed
        : wallet.Status == WalletStatus.Frozen ? DeclineReason.WalletFrozen
        : !wallet.FacePayEnabled ? DeclineReason.FacePayNotEnabled
        : wallet.Biometrics.IsLocked ? DeclineReason.FacePayLocked
        : wallet.Biometrics.Template is not null && !wallet.Biometrics.Erased ? DeclineReason.ReenrolmentRequired
        : DeclineReason.NotEnrolled;

    private static IReadOnlyList<IWalletEvent> ClearFailures(PayByFace command, Wallet wallet) =>
        wallet.Biometrics.Failures.IsEmpty ? [] : [new FacePayFailuresCleared(wallet.Id, command.PaymentId, command.Now)];

    private static DeclineReason ReasonFor(FaceOutcome outcome, Wallet? wallet) => outcome switch
    {
        FaceOutcome.NotEligible when wallet is null => DeclineReason.NotEnrolled,
        FaceOutcome.NotEligible => WhyNotEligible(wallet),
        FaceOutcome.HintThrottled => DeclineReason.FullPhoneNumberRequired,
        FaceOutcome.NoMatch => DeclineReason.FaceNoMatch,
        FaceOutcome.Ambiguous => DeclineReason.FaceAmbiguous,
        FaceOutcome.NoFace => DeclineReason.NoFaceDetected,
        FaceOutcome.MultipleFaces => DeclineReason.MultipleFaces,
        FaceOutcome.NotEnrolled => DeclineReason.NotEnrolled,
        FaceOutcome.ModelMismatch => DeclineReason.ReenrolmentRequired,
        FaceOutcome.LiveChallengeFailed => DeclineReason.LiveChallengeFailed,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
