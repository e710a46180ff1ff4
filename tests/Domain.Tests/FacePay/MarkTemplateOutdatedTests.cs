using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>A model upgrade marks templates of the old model as needing re-enrolment; templates of different models are never compared.</summary>
public class MarkTemplateOutdatedTests
{
    private static MarkTemplateOutdated ModelInService(string modelId) => new(WalletId, modelId, Today);

    [Fact]
    public void A_template_of_another_model_than_the_one_in_service_is_marked_outdated()
    {
        Given(FaceReady(Eur(80m)))
            .When(ModelInService(NewModelId))
            .Then(new FaceTemplateOutdated(WalletId, TemplateId, ModelId, NewModelId, Today))
            .AndWallet(wallet => Assert.True(wallet.Biometrics.Template?.Outdated));
    }

    [Fact]
    public void A_template_of_the_model_in_service_stays_current()
    {
        Given(FaceReady(Eur(80m)))
            .When(ModelInService(ModelId))
            .ThenNothing();
    }

    [Fact]
    public void A_template_already_marked_is_not_marked_again()
    {
        Given(FaceReady(Eur(80m)), new FaceTemplateOutdated(WalletId, TemplateId, ModelId, NewModelId, Today.AddHours(-1)))
            .When(ModelInService(NewModelId))
            .ThenNothing();
    }

    [Fact]
    public void A_wallet_without_a_template_has_nothing_to_mark()
    {
        Given(JustOpened(), Consented())
            .When(ModelInService(NewModelId))
            .ThenNothing();
    }

    [Fact]
    public void An_erased_template_is_not_marked()
    {
        Given(FaceReady(Eur(80m)), new BiometricDataErased(WalletId, TemplateId, "customer request", Today.AddHours(-1)))
            .When(ModelInService(NewModelId))
            .ThenNothing();
    }
}
