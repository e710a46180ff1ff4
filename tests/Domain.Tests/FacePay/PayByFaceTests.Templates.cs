using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// A face only pays against the customer's current template: after erasure face payment fails with a clear reason,
/// a replaced template no longer pays, and templates of another model are never compared.
/// </summary>
public partial class PayByFaceTests
{
    [Fact]
    public void After_erasure_a_match_against_the_shredded_template_is_declined_as_not_enrolled()
    {
        Given(FaceReady(Eur(80m)),
                new FacePayDisabled(WalletId, Today.AddHours(-1)),
                new BiometricDataErased(WalletId, TemplateId, "customer request", Today.AddHours(-1)))
            .When(PayWithFace(Eur(10m)))
            .Then(VerificationFailed(Eur(10m), DeclineReason.NotEnrolled, Evidence()))
            .AndWallet(wallet =>
            {
                Assert.Equal(Eur(80m), wallet.Balance);
                Assert.True(wallet.Biometrics.Failures.IsEmpty);
            });
    }

    [Fact]
    public void A_customer_who_never_enrolled_is_declined_as_not_enrolled()
    {
        Given(ReadyToPay(Eur(80m)))
            .When(PayWithFace(Eur(10m)))
            .Then(VerificationFailed(Eur(10m), DeclineReason.NotEnrolled, Evidence()));
    }

    [Fact]
    public void A_match_against_a_replaced_template_is_declined_as_not_enrolled()
    {
        Given(FaceReady(Eur(80m)), Enrolled(NewTemplateId, replaces: TemplateId, at: Today.AddHours(-1)))
            .When(PayWithFace(Eur(10m)))
            .Then(VerificationFailed(Eur(10m), DeclineReason.NotEnrolled, Evidence()));
    }

    [Fact]
    public void A_match_against_the_new_template_pays()
    {
        var current = Evidence(templateId: NewTemplateId);
        Given(FaceReady(Eur(80m)), Enrolled(NewTemplateId, replaces: TemplateId, at: Today.AddHours(-1)))
            .When(PayWithFace(Eur(10m), current))
            .Then(Verified(current), Authorized(Eur(10m), FaceInputs(Eur(80m), current)), Debited(Eur(10m)));
    }

    [Fact]
    public void A_template_marked_outdated_asks_for_re_enrolment()
    {
        Given(FaceReady(Eur(80m)), new FaceTemplateOutdated(WalletId, TemplateId, ModelId, NewModelId, Today.AddHours(-1)))
            .When(PayWithFace(Eur(10m)))
            .Then(VerificationFailed(Eur(10m), DeclineReason.ReenrolmentRequired, Evidence()));
    }

    [Fact]
    public void A_probe_of_another_model_than_the_template_is_never_accepted()
    {
        var otherModel = Evidence(modelId: NewModelId);
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(10m), otherModel))
            .Then(VerificationFailed(Eur(10m), DeclineReason.ReenrolmentRequired, otherModel));
    }

    [Fact]
    public void Template_problems_do_not_count_towards_the_lock_out()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(10)), FailedAgo(Minutes(5)),
                new FaceTemplateOutdated(WalletId, TemplateId, ModelId, NewModelId, Today.AddHours(-1)))
            .When(PayWithFace(Eur(10m)))
            .Then(VerificationFailed(Eur(10m), DeclineReason.ReenrolmentRequired, Evidence()));
    }
}
