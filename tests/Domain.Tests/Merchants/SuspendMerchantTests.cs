using Ledger.Domain.Merchants;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Merchants;

public class SuspendMerchantTests
{
    private static SuspendMerchant Suspend() => new(MerchantId, "chargeback ratio", Today);

    [Fact]
    public void An_active_merchant_is_suspended_with_the_reason()
    {
        Given(Onboarded())
            .When(Suspend())
            .Then(new MerchantSuspended(MerchantId, "chargeback ratio", Today));
    }

    [Fact]
    public void Suspending_a_suspended_merchant_records_nothing()
    {
        Given(Onboarded(), new MerchantSuspended(MerchantId, "first", Today.AddHours(-1)))
            .When(Suspend())
            .ThenNothing();
    }

    [Fact]
    public void An_unknown_merchant_cannot_be_suspended()
    {
        Given()
            .When(Suspend())
            .ThenRefused(RuleCodes.NotFound);
    }

    [Fact]
    public void A_suspended_merchant_has_the_suspended_status()
    {
        var merchant = MerchantDecider.Evolve(MerchantDecider.Evolve(null, Onboarded()), new MerchantSuspended(MerchantId, "x", Today));

        Assert.Equal(MerchantStatus.Suspended, merchant!.Status);
    }
}
