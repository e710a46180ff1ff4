using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// An operator enrols a customer's face: explicit consent is recorded as an event (purpose and policy version;
/// the operator is the event's actor), the capture passes the quality gates or is refused with a clear reason,
/// and a re-enrolment replaces the template.
/// </summary>
public class EnrolFaceTests
{
    [Fact]
    public void A_consented_enrolment_records_the_consent_with_its_purpose_and_then_the_template()
    {
        Given(JustOpened())
            .When(Enrol())
            .Then(
                new FacePayEnabled(WalletId, ConsentPolicy, Purpose, Today),
                new FaceEnrolled(WalletId, TemplateId, ModelId, ModelSha256, CaptureSha256, GoodQuality, ConsentPolicy, null, Today))
            .AndWallet(wallet =>
            {
                Assert.True(wallet.FacePayEnabled);
                Assert.Equal(ConsentPolicy, wallet.ConsentPolicyVersion);
                Assert.Equal(new FaceTemplateRef(TemplateId, ModelId, ModelSha256, Today, Outdated: false), wallet.Biometrics.Template);
                Assert.False(wallet.Biometrics.Erased);
            });
    }

    [Fact]
    public void A_re_enrolment_under_the_same_consent_names_the_template_it_replaces_and_does_not_consent_again()
    {
        Given(JustOpened(), Consented(), Enrolled())
            .When(Enrol(NewTemplateId))
            .Then(new FaceEnrolled(WalletId, NewTemplateId, ModelId, ModelSha256, CaptureSha256, GoodQuality, ConsentPolicy, TemplateId, Today))
            .AndWallet(wallet => Assert.Equal(NewTemplateId, wallet.Biometrics.Template?.TemplateId));
    }

    [Fact]
    public void A_re_enrolment_under_a_new_consent_policy_records_the_new_consent()
    {
        Given(JustOpened(), Consented(), Enrolled())
            .When(Enrol(NewTemplateId, consentPolicy: NewConsentPolicy))
            .Then(
                new FacePayEnabled(WalletId, NewConsentPolicy, Purpose, Today),
                new FaceEnrolled(WalletId, NewTemplateId, ModelId, ModelSha256, CaptureSha256, GoodQuality, NewConsentPolicy, TemplateId, Today))
            .AndWallet(wallet => Assert.Equal(NewConsentPolicy, wallet.ConsentPolicyVersion));
    }

    [Fact]
    public void A_re_enrolment_for_another_purpose_records_the_new_consent()
    {
        const string purpose = "pay by face and collect loyalty points";
        Given(JustOpened(), Consented(), Enrolled())
            .When(Enrol(NewTemplateId, purpose: purpose))
            .Then(
                new FacePayEnabled(WalletId, ConsentPolicy, purpose, Today),
                new FaceEnrolled(WalletId, NewTemplateId, ModelId, ModelSha256, CaptureSha256, GoodQuality, ConsentPolicy, TemplateId, Today))
            .AndWallet(wallet => Assert.Equal(purpose, wallet.Biometrics.ConsentPurpose));
    }

    [Fact]
    public void A_re_enrolment_with_a_new_model_makes_an_outdated_template_current_again()
    {
        Given(JustOpened(), Consented(), Enrolled(),
                new FaceTemplateOutdated(WalletId, TemplateId, ModelId, NewModelId, Today.AddDays(-1)))
            .When(Enrol(NewTemplateId, modelId: NewModelId))
            .Then(new FaceEnrolled(WalletId, NewTemplateId, NewModelId, ModelSha256, CaptureSha256, GoodQuality, ConsentPolicy, TemplateId, Today))
            .AndWallet(wallet => Assert.Equal(new FaceTemplateRef(NewTemplateId, NewModelId, ModelSha256, Today, Outdated: false), wallet.Biometrics.Template));
    }

    [Fact]
    public void Enrolling_again_after_erasure_asks_for_consent_anew_and_replaces_nothing()
    {
        Given(JustOpened(), Consented(), Enrolled(),
                new FacePayDisabled(WalletId, Today.AddDays(-1)),
                new BiometricDataErased(WalletId, TemplateId, "customer request", Today.AddDays(-1)))
            .When(Enrol(NewTemplateId))
            .Then(
                new FacePayEnabled(WalletId, ConsentPolicy, Purpose, Today),
                new FaceEnrolled(WalletId, NewTemplateId, ModelId, ModelSha256, CaptureSha256, GoodQuality, ConsentPolicy, null, Today))
            .AndWallet(wallet => Assert.False(wallet.Biometrics.Erased));
    }

    [Theory]
    [InlineData("", ConsentPolicy)]
    [InlineData("  ", ConsentPolicy)]
    [InlineData(Purpose, "")]
    [InlineData(Purpose, " ")]
    public void An_enrolment_without_the_consent_purpose_or_policy_version_is_refused(string purpose, string policyVersion)
    {
        Given(JustOpened())
            .When(Enrol(purpose: purpose, consentPolicy: policyVersion))
            .ThenRefused(RuleCodes.ConsentMissing);
    }

    [Fact]
    public void Consent_given_earlier_does_not_stand_in_for_the_consent_of_the_enrolment()
    {
        Given(JustOpened(), Consented())
            .When(Enrol(purpose: ""))
            .ThenRefused(RuleCodes.ConsentMissing);
    }

    public static TheoryData<int, FaceQuality?, EnrolmentRejection> BadCaptures => new()
    {
        { 0, null, EnrolmentRejection.NoFace },
        { 2, GoodQuality, EnrolmentRejection.MultipleFaces },
        { 1, GoodQuality with { InterocularPx = MathF.BitDecrement(Gates.MinInterocularPx) }, EnrolmentRejection.FaceTooSmall },
        { 1, GoodQuality with { Frontalness = MathF.BitDecrement(Gates.MinFrontalness) }, EnrolmentRejection.NotFrontal },
        { 1, GoodQuality with { RollDegrees = MathF.BitIncrement(Gates.MaxRollDegrees) }, EnrolmentRejection.TooTilted },
        { 1, GoodQuality with { Sharpness = MathF.BitDecrement(Gates.MinSharpness) }, EnrolmentRejection.Blurred },
    };

    [Theory]
    [MemberData(nameof(BadCaptures))]
    public void A_capture_that_fails_a_gate_is_refused_with_that_gate_as_the_reason(int faces, FaceQuality? quality, EnrolmentRejection rejection)
    {
        Given(JustOpened())
            .When(Enrol(facesSeen: faces, quality: quality))
            .ThenRefused(RuleCodes.CaptureRejected(rejection));
    }

    [Fact]
    public void A_refused_re_enrolment_keeps_the_template_in_use()
    {
        Given(JustOpened(), Consented(), Enrolled())
            .When(Enrol(NewTemplateId, facesSeen: 2))
            .ThenRefused(RuleCodes.CaptureRejected(EnrolmentRejection.MultipleFaces))
            .AndWallet(wallet => Assert.Equal(TemplateId, wallet.Biometrics.Template?.TemplateId));
    }

    [Fact]
    public void The_gates_in_force_decide_not_the_defaults()
    {
        Given(JustOpened())
            .Under(Gates with { MinSharpness = 500f })
            .When(Enrol())
            .ThenRefused(RuleCodes.CaptureRejected(EnrolmentRejection.Blurred));
    }

    [Fact]
    public void A_closed_wallet_cannot_enrol_a_face()
    {
        Given(JustOpened(), new WalletClosed(WalletId, Today.AddDays(-1)))
            .When(Enrol())
            .ThenRefused(RuleCodes.WalletClosed);
    }

    [Fact]
    public void An_unknown_wallet_cannot_enrol_a_face()
    {
        Given()
            .When(Enrol())
            .ThenRefused(RuleCodes.NotFound);
    }
}
