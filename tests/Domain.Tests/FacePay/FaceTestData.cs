using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// The face-pay cast on top of <see cref="Support.TestData"/>: Ada's enrolled template, the model that made it,
/// a capture that passes every gate, and a policy whose PIN threshold (20.00) sits below the wallet's
/// per-payment limit (50.00), so step-up and limits can be told apart.
/// </summary>
public static class FaceTestData
{
    public static readonly Guid TemplateId = Guid.Parse("00000000-0000-0000-0000-0000000001a1");
    public static readonly Guid NewTemplateId = Guid.Parse("00000000-0000-0000-0000-0000000001a2");
    public static readonly Guid OtherMerchantId = Guid.Parse("00000000-0000-0000-0000-0000000000b2");

    public const string ModelId = "faceres-128-v1";
    public const string NewModelId = "faceres-128-v2";
    public static readonly string ModelSha256 = new('a', 64);
    public static readonly string CaptureSha256 = new('c', 64);
    public const string Purpose = "pay by face at partner self-service tills";
    public const string NewConsentPolicy = "face-consent-2026-07";

    public static readonly FacePayPolicy Policy = new("face-pay-test-1", PinAbove: 20m, LockAfterFailures: 3,
        FailureWindow: TimeSpan.FromMinutes(30), SecondFaceRatio: 0.5f);

    public static readonly EnrolmentQuality Gates = new(MinInterocularPx: 40f, MinFrontalness: 0.45f, MinSharpness: 100f, MaxRollDegrees: 25f);

    /// <summary>Comfortably inside every gate.</summary>
    public static readonly FaceQuality GoodQuality = new(FaceWidthPx: 180f, InterocularPx: 62f, Sharpness: 420f, Frontalness: 0.92f, RollDegrees: 3f);

    public static EnrolFace Enrol(Guid? templateId = null, int facesSeen = 1, FaceQuality? quality = null, string purpose = Purpose,
        string consentPolicy = ConsentPolicy, string modelId = ModelId, DateTimeOffset? at = null) =>
        new(WalletId, templateId ?? TemplateId, modelId, ModelSha256, CaptureSha256, facesSeen, quality ?? GoodQuality,
            purpose, consentPolicy, at ?? Today);

    public static FacePayEnabled Consented(string consentPolicy = ConsentPolicy) => new(WalletId, consentPolicy, Purpose, Today.AddDays(-2));

    public static FaceEnrolled Enrolled(Guid? templateId = null, Guid? replaces = null, string modelId = ModelId, DateTimeOffset? at = null) =>
        new(WalletId, templateId ?? TemplateId, modelId, ModelSha256, CaptureSha256, GoodQuality, ConsentPolicy, replaces, at ?? Today.AddDays(-2));

    /// <summary>A merchant with an active terminal and a funded wallet whose customer consented and enrolled.</summary>
    public static object[] FaceReady(Money balance) =>
        [Onboarded(), Registered(), Opened(), ToppedUp(balance), Consented(), Enrolled()];

    /// <summary>An open wallet (no consent, no template yet).</summary>
    public static object[] JustOpened() => [Opened()];

    public static FaceEvidence Evidence(FaceOutcome outcome = FaceOutcome.Match, CustomerHintKind hint = CustomerHintKind.PhoneNumber,
        Guid? templateId = null, string modelId = ModelId) => outcome switch
    {
        FaceOutcome.NoFace => new(outcome, null, null, 0.6f, null, null, 0, null, modelId, ModelSha256, "ssd-v1", hint, 1, null, CaptureSha256),
        FaceOutcome.MultipleFaces => new(outcome, null, null, 0.6f, null, null, 2, GoodQuality, modelId, ModelSha256, "ssd-v1", hint, 1, null, CaptureSha256),
        FaceOutcome.NotEnrolled => new(outcome, null, null, 0.6f, null, null, 1, GoodQuality, modelId, ModelSha256, "ssd-v1", hint, 0, null, CaptureSha256),
        FaceOutcome.NoMatch => new(outcome, 0.74f, 0.38f, 0.6f, 0.08f, null, 1, GoodQuality, modelId, ModelSha256, "ssd-v1", hint, 1, templateId ?? TemplateId, CaptureSha256),
        FaceOutcome.Ambiguous => new(outcome, 0.41f, 0.71f, 0.6f, 0.08f, 0.45f, 1, GoodQuality, modelId, ModelSha256, "ssd-v1", hint, 3, templateId ?? TemplateId, CaptureSha256),
        _ => new(outcome, 0.35f, 0.81f, 0.6f, 0.08f, 0.72f, 1, GoodQuality, modelId, ModelSha256, "ssd-v1", hint, 1, templateId ?? TemplateId, CaptureSha256),
    };

    public static PayByFace PayWithFace(Money amount, FaceEvidence? face = null, PinCheck pin = PinCheck.NotRequired,
        DateTimeOffset? at = null, Guid? paymentId = null) =>
        new(paymentId ?? PaymentId, WalletId, TerminalId, amount, face ?? Evidence(), pin, at ?? Today);

    public static FaceVerified Verified(FaceEvidence? face = null, DateTimeOffset? at = null) =>
        new(PaymentId, WalletId, MerchantId, TerminalId, face ?? Evidence(), Policy.Version, at ?? Today);

    /// <summary>The limit inputs of <see cref="TestData.Inputs"/> with the face evidence and the policy version.</summary>
    public static DecisionInputs FaceInputs(Money balance, FaceEvidence? face = null, Money? usedToday = null, int countToday = 0,
        WalletStatus status = WalletStatus.Active, bool facePay = true) =>
        Inputs(balance, usedToday, countToday, status, facePay) with { Face = face ?? Evidence(), FacePolicy = Policy.Version };

    public static FaceVerificationFailed VerificationFailed(Money amount, DeclineReason reason, FaceEvidence face, Guid? walletId = null,
        DateTimeOffset? at = null) =>
        new(PaymentId, walletId ?? WalletId, MerchantId, TerminalId, amount, reason, face, Policy.Version, at ?? Today);

    /// <summary>An earlier failed attempt on Ada's wallet, <paramref name="ago"/> before <see cref="TestData.Today"/>.</summary>
    public static FacePayFailureRecorded FailedAgo(TimeSpan ago, string reason = "face_no_match") =>
        new(WalletId, Guid.NewGuid(), TerminalId, reason, Today - ago);

    public static FacePayFailureRecorded FailureRecorded(string reason, DateTimeOffset? at = null) =>
        new(WalletId, PaymentId, TerminalId, reason, at ?? Today);

    public static FacePayLocked Locked(int failures = 3, DateTimeOffset? at = null) =>
        new(WalletId, failures, Policy.FailureWindow, Policy.Version, at ?? Today);

    public static FacePayPinRejected PinRejected(int rejections, DateTimeOffset? at = null) =>
        new(WalletId, PaymentId, TerminalId, rejections, at ?? Today);

    public static FacePayPinRejected PinRejectedAgo(TimeSpan ago, int rejections) =>
        new(WalletId, Guid.NewGuid(), TerminalId, rejections, Today - ago);

    public static FacePayPinAccepted PinAccepted(DateTimeOffset? at = null) => new(WalletId, PaymentId, at ?? Today);

    /// <summary>A 5.00 face payment that needed no PIN, <paramref name="ago"/> before now (the wallet's side).</summary>
    public static WalletDebited PaidSmallAgo(TimeSpan ago) => new(WalletId, Guid.NewGuid(), MerchantId, Eur(5m), Today - ago);

    public static FacePayLocked LockedByPin(int rejections = 3, DateTimeOffset? at = null) =>
        new(WalletId, rejections, TimeSpan.Zero, Policy.Version, at ?? Today);

    public static FacePayFailuresCleared Cleared(DateTimeOffset? at = null) => new(WalletId, PaymentId, at ?? Today);

    /// <summary>A payment Ada made at <paramref name="merchantId"/> days ago (the wallet's side is what makes her a regular).</summary>
    public static WalletDebited PaidBefore(Guid merchantId, Money amount) =>
        new(WalletId, Guid.NewGuid(), merchantId, amount, Today.AddDays(-3));

    public static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(minutes);
}
