using Ledger.Domain.Merchants;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Merchants;

public class OnboardMerchantTests
{
    private static OnboardMerchant Onboard() => new(MerchantId, "Burger Palace", EUR, "DE89370400440532013000", Today);

    [Fact]
    public void A_merchant_is_onboarded_with_its_settlement_account()
    {
        Given()
            .When(Onboard())
            .Then(new MerchantOnboarded(MerchantId, "Burger Palace", EUR, "DE89370400440532013000", Today));
    }

    [Fact]
    public void Onboarding_a_merchant_twice_is_refused()
    {
        Given(Onboarded())
            .When(Onboard())
            .ThenRefused(RuleCodes.AlreadyExists);
    }

    [Fact]
    public void An_onboarded_merchant_is_active()
    {
        var merchant = MerchantDecider.Evolve(null, Onboarded());

        Assert.Equal(new Merchant(MerchantId, "Burger Palace", EUR, "DE89370400440532013000", MerchantStatus.Active, Today.AddDays(-60)), merchant);
    }
}
