using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Wallets;

public class SetWalletLimitsTests
{
    private static SetWalletLimits Set(WalletLimits limits) => new(WalletId, limits, Today);

    [Fact]
    public void New_limits_are_recorded()
    {
        var raised = new WalletLimits(Eur(80m), Eur(300m), 10);

        Given(Opened())
            .When(Set(raised))
            .Then(new WalletLimitsChanged(WalletId, raised, Today));
    }

    [Fact]
    public void Setting_the_limits_the_wallet_already_has_records_nothing()
    {
        Given(Opened())
            .When(Set(new WalletLimits(Eur(50m), Eur(100m), 3)))
            .ThenNothing();
    }

    [Fact]
    public void A_per_payment_limit_equal_to_the_daily_limit_is_allowed()
    {
        var equal = new WalletLimits(Eur(100m), Eur(100m), 3);

        Given(Opened())
            .When(Set(equal))
            .Then(new WalletLimitsChanged(WalletId, equal, Today));
    }

    [Fact]
    public void A_per_payment_limit_one_minor_unit_above_the_daily_limit_is_refused()
    {
        Given(Opened())
            .When(Set(new WalletLimits(EurMinor(10_001), Eur(100m), 3)))
            .ThenRefused(RuleCodes.InvalidLimits);
    }

    public static TheoryData<long, long, int> NonPositiveLimits => new()
    {
        { 0, 10_000, 3 },
        { -1, 10_000, 3 },
        { 5_000, 0, 3 },
        { 5_000, -10_000, 3 },
        { 5_000, 10_000, 0 },
        { 5_000, 10_000, -1 },
    };

    [Theory]
    [MemberData(nameof(NonPositiveLimits))]
    public void Every_limit_must_be_positive(long perPayment, long daily, int count)
    {
        Given(Opened())
            .When(Set(new WalletLimits(EurMinor(perPayment), EurMinor(daily), count)))
            .ThenRefused(RuleCodes.InvalidLimits);
    }

    [Fact]
    public void Limits_in_another_currency_than_the_wallet_are_refused()
    {
        Given(Opened())
            .When(Set(new WalletLimits(Eur(50m), Jpy(10_000m), 3)))
            .ThenRefused(RuleCodes.CurrencyMismatch);
    }

    [Fact]
    public void A_closed_wallet_gets_no_new_limits()
    {
        Given(Opened(), new WalletClosed(WalletId, Today.AddHours(-1)))
            .When(Set(new WalletLimits(Eur(80m), Eur(300m), 10)))
            .ThenRefused(RuleCodes.WalletClosed);
    }
}
