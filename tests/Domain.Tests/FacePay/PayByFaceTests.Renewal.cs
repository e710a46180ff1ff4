using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// Template renewal after a model upgrade: a successful payment verified under the customer's template of the old model
/// renews it for the model in service from the same capture (consent named), the old one stays beside it, and the
/// customer then pays under the new model. Nothing renews from a declined payment, a capture that could not be enrolled,
/// a capture the new model takes for somebody else, or across models.
/// </summary>
public partial class PayByFaceTests
{
    private static readonly Guid RenewedId = Guid.Parse("00000000-0000-0000-0000-0000000001b1");
    private static readonly Guid PaymentTwoId = Guid.Parse("00000000-0000-0000-0000-0000000003b2");

    private static TemplateRenewal NewModelTemplate(FaceQuality? quality = null, int facesSeen = 1, bool looksLikeAnother = false) =>
        new(RenewedId, NewModelId, ModelSha256, facesSeen, quality ?? GoodQuality, looksLikeAnother);

    private static PayByFace PayRenewing(Money amount, TemplateRenewal? renewal = null, FaceEvidence? face = null) =>
        PayWithFace(amount, face) with { Renewal = renewal ?? NewModelTemplate() };

    private static FaceTemplateRenewed Renewed(DateTimeOffset? at = null, Guid? paymentId = null) =>
        new(WalletId, RenewedId, NewModelId, ModelSha256, TemplateId, ModelId, paymentId ?? PaymentId, CaptureSha256, GoodQuality, ConsentPolicy,
            Purpose, at ?? Today);

    [Fact]
    public void A_payment_verified_under_the_old_models_template_renews_it_for_the_model_in_service_naming_the_consent()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayRenewing(Eur(10m)))
            .Then(Verified(), Authorized(Eur(10m), FaceInputs(Eur(80m))), Debited(Eur(10m)), Renewed())
            .AndWallet(wallet =>
            {
                Assert.Equal(RenewedId, wallet.Biometrics.CurrentTemplateOf(NewModelId)?.TemplateId);
                Assert.Equal(TemplateId, wallet.Biometrics.CurrentTemplateOf(ModelId)?.TemplateId);
                Assert.Equal(2, wallet.Biometrics.Templates.Count);
            });
    }

    [Fact]
    public void After_renewal_the_customer_pays_under_the_new_model_directly_and_nothing_is_renewed_again()
    {
        var underNewModel = Evidence(templateId: RenewedId, modelId: NewModelId);
        Given(FaceReady(Eur(80m)), Renewed(Today.AddHours(-1), PaymentTwoId))
            .When(PayRenewing(Eur(10m), face: underNewModel))
            .Then(Verified(underNewModel), Authorized(Eur(10m), FaceInputs(Eur(80m), underNewModel)), Debited(Eur(10m)));
    }

    [Fact]
    public void A_declined_payment_renews_nothing()
    {
        Given(FaceReady(Eur(5m)))
            .When(PayRenewing(Eur(10m)))
            .Then(Verified(), Declined(Eur(10m), DeclineReason.InsufficientFunds, FaceInputs(Eur(5m))))
            .AndWallet(wallet => Assert.Null(wallet.Biometrics.CurrentTemplateOf(NewModelId)));
    }

    [Fact]
    public void A_capture_that_could_not_be_enrolled_pays_but_renews_nothing()
    {
        var blurred = GoodQuality with { Sharpness = 12f };
        Given(FaceReady(Eur(80m)))
            .When(PayRenewing(Eur(10m), NewModelTemplate(blurred)))
            .Then(Verified(), Authorized(Eur(10m), FaceInputs(Eur(80m))), Debited(Eur(10m)));
    }

    [Fact]
    public void A_capture_the_new_model_takes_for_another_customer_renews_nothing()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayRenewing(Eur(10m), NewModelTemplate(looksLikeAnother: true)))
            .Then(Verified(), Authorized(Eur(10m), FaceInputs(Eur(80m))), Debited(Eur(10m)));
    }

    [Fact]
    public void A_customer_who_already_has_a_template_of_the_new_model_is_not_renewed_twice()
    {
        Given(FaceReady(Eur(80m)), Renewed(Today.AddHours(-1), PaymentTwoId))
            .When(PayRenewing(Eur(10m), NewModelTemplate() with { TemplateId = Guid.NewGuid() }))
            .Then(Verified(), Authorized(Eur(10m), FaceInputs(Eur(80m))), Debited(Eur(10m)));
    }

    [Fact]
    public void Attack_a_probe_of_the_new_model_naming_the_old_models_template_is_never_compared_and_renews_nothing()
    {
        var acrossModels = Evidence(templateId: TemplateId, modelId: NewModelId);
        Given(FaceReady(Eur(80m)))
            .When(PayRenewing(Eur(10m), face: acrossModels))
            .Then(VerificationFailed(Eur(10m), DeclineReason.ReenrolmentRequired, acrossModels))
            .AndWallet(wallet => Assert.Single(wallet.Biometrics.Templates));
    }

    [Fact]
    public void Retiring_the_old_model_leaves_the_renewed_customer_paying_under_the_new_one()
    {
        var underNewModel = Evidence(templateId: RenewedId, modelId: NewModelId);
        Given(FaceReady(Eur(80m)), Renewed(Today.AddHours(-2), PaymentTwoId),
                new FaceTemplateOutdated(WalletId, TemplateId, ModelId, NewModelId, Today.AddHours(-1)))
            .When(PayWithFace(Eur(10m), underNewModel))
            .Then(Verified(underNewModel), Authorized(Eur(10m), FaceInputs(Eur(80m), underNewModel)), Debited(Eur(10m)));
    }

    [Fact]
    public void Re_enrolment_starts_afresh_with_the_one_template_of_its_model()
    {
        Given(FaceReady(Eur(80m)), Renewed(Today.AddHours(-2), PaymentTwoId), Enrolled(NewTemplateId, replaces: RenewedId, modelId: NewModelId, at: Today))
            .When(PayWithFace(Eur(10m)))
            .Then(VerificationFailed(Eur(10m), DeclineReason.NotEnrolled, Evidence()))
            .AndWallet(wallet => Assert.Equal(NewTemplateId, Assert.Single(wallet.Biometrics.Templates).TemplateId));
    }

    [Fact]
    public void Erasure_removes_every_models_template()
    {
        Given(FaceReady(Eur(80m)), Renewed(Today.AddHours(-2), PaymentTwoId), new FacePayDisabled(WalletId, Today.AddHours(-1)),
                new BiometricDataErased(WalletId, RenewedId, "customer request", Today.AddHours(-1)))
            .When(PayRenewing(Eur(10m), face: Evidence(templateId: RenewedId, modelId: NewModelId)))
            .Then(VerificationFailed(Eur(10m), DeclineReason.NotEnrolled, Evidence(templateId: RenewedId, modelId: NewModelId)))
            .AndWallet(wallet => Assert.Empty(wallet.Biometrics.Templates));
    }
}
