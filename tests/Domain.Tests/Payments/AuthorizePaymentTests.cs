using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Domain.Tests.Support;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Payments;

/// <summary>
/// Authorizing a payment at a terminal. Split by theme: limits, the daily window and the wallet's
/// state are in the other <c>AuthorizePaymentTests.*.cs</c> files.
/// </summary>
public partial class AuthorizePaymentTests
{
    [Fact]
    public void A_payment_within_every_limit_is_authorized_and_debits_the_wallet()
    {
        Given(ReadyToPay(Eur(80m)))
            .When(Pay(Eur(12.50m)))
            .Then(
                Authorized(Eur(12.50m), Inputs(balance: Eur(80m))),
                Debited(Eur(12.50m)));
    }

    [Fact]
    public void A_payment_id_that_was_already_authorized_is_not_decided_again()
    {
        Given(ReadyToPay(Eur(80m)), EarlierPayment(Eur(10m), Today.AddMinutes(-1), PaymentId))
            .When(Pay(Eur(10m)))
            .ThenNothing();
    }

    [Fact]
    public void A_payment_id_that_was_declined_stays_declined_even_after_a_top_up()
    {
        Given(ReadyToPay(Eur(5m)),
                Declined(Eur(10m), DeclineReason.InsufficientFunds, Inputs(balance: Eur(5m)), Today.AddMinutes(-2)),
                ToppedUp(Eur(100m)))
            .When(Pay(Eur(10m)))
            .ThenNothing();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_payment_must_be_positive(long minor)
    {
        Given(ReadyToPay(Eur(80m)))
            .When(Pay(EurMinor(minor)))
            .ThenRefused(RuleCodes.AmountNotPositive);
    }

    [Fact]
    public void A_payment_at_an_unknown_terminal_is_refused()
    {
        Given(Onboarded(), Opened(), ToppedUp(Eur(80m)), FacePayOn())
            .When(Pay(Eur(10m)))
            .ThenRefused(RuleCodes.NotFound);
    }

    [Fact]
    public void A_payment_at_a_suspended_terminal_is_refused()
    {
        Given(ReadyToPay(Eur(80m)), new TerminalSuspended(TerminalId, "tampering", Today.AddHours(-1)))
            .When(Pay(Eur(10m)))
            .ThenRefused(RuleCodes.TerminalNotActive);
    }

    [Fact]
    public void A_payment_at_a_reactivated_terminal_is_authorized()
    {
        Given(ReadyToPay(Eur(80m)),
                new TerminalSuspended(TerminalId, "tampering", Today.AddHours(-2)),
                new TerminalReactivated(TerminalId, Today.AddHours(-1)))
            .When(Pay(Eur(10m)))
            .Then(Authorized(Eur(10m), Inputs(balance: Eur(80m))), Debited(Eur(10m)));
    }

    [Fact]
    public void A_payment_to_a_suspended_merchant_is_refused()
    {
        Given(ReadyToPay(Eur(80m)), new MerchantSuspended(MerchantId, "chargeback ratio", Today.AddHours(-1)))
            .When(Pay(Eur(10m)))
            .ThenRefused(RuleCodes.MerchantNotActive);
    }

    [Fact]
    public void A_payment_from_an_unknown_wallet_is_refused()
    {
        Given(Onboarded(), Registered())
            .When(Pay(Eur(10m)))
            .ThenRefused(RuleCodes.NotFound);
    }

    [Fact]
    public void A_payment_in_another_currency_than_the_wallet_is_refused()
    {
        Given(ReadyToPay(Eur(80m)))
            .When(Pay(Jpy(1000m)))
            .ThenRefused(RuleCodes.CurrencyMismatch);
    }

    [Fact]
    public void A_payment_in_the_wallet_currency_but_not_the_merchant_settlement_currency_is_refused()
    {
        Given(Onboarded(currency: EUR), Registered(),
                Opened(new WalletLimits(Jpy(5000m), Jpy(10000m), 3), JPY),
                new WalletToppedUp(WalletId, TopUpId, Jpy(8000m), "card", Today.AddDays(-1)), FacePayOn())
            .When(Pay(Jpy(1000m)))
            .ThenRefused(RuleCodes.CurrencyMismatch);
    }

    [Fact]
    public void A_merchant_other_than_the_terminal_owner_is_refused()
    {
        var ledger = new TestLedger();
        foreach (var @event in ReadyToPay(Eur(80m))) ledger.Apply(@event);
        var otherMerchant = MerchantDecider.Evolve(null, new MerchantOnboarded(Guid.NewGuid(), "Other", EUR, "acct", Today))!;

        var refusal = Assert.Throws<DomainRuleViolation>(() => PaymentDecider.Authorize(
            Pay(Eur(10m)), null, ledger.Wallet(WalletId), ledger.Terminal(TerminalId), otherMerchant));

        Assert.Equal(RuleCodes.MerchantNotActive, refusal.Code);
    }
}
