using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Wallets;

public class PayOutWalletTests
{
    private static PayOutWallet PayOut(Money amount) => new(WalletId, PayoutId, amount, "IBAN DE02", Today);

    [Fact]
    public void A_payout_of_exactly_the_balance_is_allowed()
    {
        Given(Opened(), ToppedUp(Eur(40m)))
            .When(PayOut(Eur(40m)))
            .Then(new WalletPaidOut(WalletId, PayoutId, Eur(40m), "IBAN DE02", Today));
    }

    [Fact]
    public void A_payout_one_minor_unit_over_the_balance_is_refused()
    {
        Given(Opened(), ToppedUp(Eur(40m)))
            .When(PayOut(EurMinor(4001)))
            .ThenRefused(RuleCodes.InsufficientFunds);
    }

    [Fact]
    public void A_payout_counts_the_balance_after_earlier_payments()
    {
        Given(Opened(), ToppedUp(Eur(40m)), EarlierPayment(Eur(15m), Today.AddHours(-2)))
            .When(PayOut(EurMinor(2501)))
            .ThenRefused(RuleCodes.InsufficientFunds);
    }

    [Fact]
    public void A_frozen_wallet_cannot_pay_out()
    {
        Given(Opened(), ToppedUp(Eur(40m)), new WalletFrozen(WalletId, "fraud alert", Today.AddHours(-1)))
            .When(PayOut(Eur(10m)))
            .ThenRefused(RuleCodes.WalletNotActive);
    }

    [Fact]
    public void A_closed_wallet_cannot_pay_out()
    {
        Given(Opened(), new WalletClosed(WalletId, Today.AddHours(-1)))
            .When(PayOut(Eur(10m)))
            .ThenRefused(RuleCodes.WalletNotActive);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    public void A_payout_must_be_positive(long minor)
    {
        Given(Opened(), ToppedUp(Eur(40m)))
            .When(PayOut(EurMinor(minor)))
            .ThenRefused(RuleCodes.AmountNotPositive);
    }

    [Fact]
    public void A_payout_in_another_currency_is_refused()
    {
        Given(Opened(), ToppedUp(Eur(40m)))
            .When(PayOut(Jpy(10m)))
            .ThenRefused(RuleCodes.CurrencyMismatch);
    }
}
