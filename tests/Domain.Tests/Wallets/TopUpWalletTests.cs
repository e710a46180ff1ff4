using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Wallets;

public class TopUpWalletTests
{
    private static TopUpWallet TopUp(Money amount) => new(WalletId, TopUpId, amount, "card-4242", Today);

    [Fact]
    public void An_open_wallet_is_topped_up()
    {
        Given(Opened())
            .When(TopUp(Eur(25m)))
            .Then(new WalletToppedUp(WalletId, TopUpId, Eur(25m), "card-4242", Today));
    }

    [Fact]
    public void A_frozen_wallet_can_still_receive_a_top_up()
    {
        Given(Opened(), new WalletFrozen(WalletId, "fraud alert", Today.AddHours(-1)))
            .When(TopUp(Eur(25m)))
            .Then(new WalletToppedUp(WalletId, TopUpId, Eur(25m), "card-4242", Today));
    }

    [Fact]
    public void A_closed_wallet_cannot_be_topped_up()
    {
        Given(Opened(), new WalletClosed(WalletId, Today.AddHours(-1)))
            .When(TopUp(Eur(25m)))
            .ThenRefused(RuleCodes.WalletClosed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_top_up_must_be_positive(long minor)
    {
        Given(Opened())
            .When(TopUp(EurMinor(minor)))
            .ThenRefused(RuleCodes.AmountNotPositive);
    }

    [Fact]
    public void A_top_up_in_another_currency_is_refused()
    {
        Given(Opened())
            .When(TopUp(Jpy(2500m)))
            .ThenRefused(RuleCodes.CurrencyMismatch);
    }

    [Fact]
    public void An_unknown_wallet_cannot_be_topped_up()
    {
        Given()
            .When(TopUp(Eur(25m)))
            .ThenRefused(RuleCodes.NotFound);
    }
}
