using Ledger.Domain.Merchants;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Merchants;

public class ReinstateMerchantTests
{
    [Fact]
    public void A_suspended_merchant_is_reinstated()
    {
        Given(Onboarded(), new MerchantSuspended(MerchantId, "chargeback ratio", Today.AddHours(-1)))
            .When(new ReinstateMerchant(MerchantId, Today))
            .Then(new MerchantReinstated(MerchantId, Today));
    }

    [Fact]
    public void Reinstating_an_active_merchant_records_nothing()
    {
        Given(Onboarded())
            .When(new ReinstateMerchant(MerchantId, Today))
            .ThenNothing();
    }

    [Fact]
    public void An_unknown_merchant_cannot_be_reinstated()
    {
        Given()
            .When(new ReinstateMerchant(MerchantId, Today))
            .ThenRefused(RuleCodes.NotFound);
    }
}
