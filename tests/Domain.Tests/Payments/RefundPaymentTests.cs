using Ledger.Domain.Payments;
using Ledger.Domain.Tests.Support;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Payments;

public class RefundPaymentTests
{
    private static readonly Guid EarlierRefundId = Guid.Parse("00000000-0000-0000-0000-0000000000e0");

    /// <summary>A 30.00 payment authorized an hour ago from a wallet that held 80.00.</summary>
    private static object[] A30EuroPayment() => [ReadyToPay(Eur(80m)), EarlierPayment(Eur(30m), Today.AddHours(-1), PaymentId)];

    private static object[] EarlierRefund(Money amount, Money total) =>
    [
        new PaymentRefunded(PaymentId, EarlierRefundId, WalletId, MerchantId, amount, total, Today.AddMinutes(-30)),
        new WalletCredited(WalletId, PaymentId, EarlierRefundId, amount, Today.AddMinutes(-30)),
    ];

    private static RefundPayment Refund(Money amount) => new(PaymentId, RefundId, amount, "wrong order", Today);

    private static object[] Refunded(Money amount, Money total) =>
    [
        new PaymentRefunded(PaymentId, RefundId, WalletId, MerchantId, amount, total, Today),
        new WalletCredited(WalletId, PaymentId, RefundId, amount, Today),
    ];

    [Fact]
    public void Part_of_a_payment_is_refunded_to_the_wallet()
    {
        Given(A30EuroPayment())
            .When(Refund(Eur(10m)))
            .Then(Refunded(Eur(10m), total: Eur(10m)));
    }

    [Fact]
    public void The_whole_payment_is_refunded()
    {
        Given(A30EuroPayment())
            .When(Refund(Eur(30m)))
            .Then(Refunded(Eur(30m), total: Eur(30m)));
    }

    [Fact]
    public void A_refund_of_one_cent_more_than_captured_is_refused()
    {
        Given(A30EuroPayment())
            .When(Refund(EurMinor(3001)))
            .ThenRefused(RuleCodes.RefundExceedsCaptured);
    }

    [Fact]
    public void A_second_partial_refund_may_take_exactly_the_rest()
    {
        Given(A30EuroPayment(), EarlierRefund(Eur(20m), total: Eur(20m)))
            .When(Refund(Eur(10m)))
            .Then(Refunded(Eur(10m), total: Eur(30m)));
    }

    [Fact]
    public void A_second_partial_refund_cannot_exceed_the_rest()
    {
        Given(A30EuroPayment(), EarlierRefund(Eur(20m), total: Eur(20m)))
            .When(Refund(EurMinor(1001)))
            .ThenRefused(RuleCodes.RefundExceedsCaptured);
    }

    [Fact]
    public void A_fully_refunded_payment_cannot_be_refunded_again()
    {
        Given(A30EuroPayment(), EarlierRefund(Eur(30m), total: Eur(30m)))
            .When(Refund(EurMinor(1)))
            .ThenRefused(RuleCodes.RefundExceedsCaptured);
    }

    [Fact]
    public void A_declined_payment_cannot_be_refunded()
    {
        Given(ReadyToPay(Eur(5m)), Declined(Eur(10m), DeclineReason.InsufficientFunds, Inputs(balance: Eur(5m)), Today.AddHours(-1)))
            .When(Refund(Eur(1m)))
            .ThenRefused(RuleCodes.PaymentNotAuthorized);
    }

    [Fact]
    public void An_unknown_payment_cannot_be_refunded()
    {
        Given(ReadyToPay(Eur(80m)))
            .When(Refund(Eur(1m)))
            .ThenRefused(RuleCodes.NotFound);
    }

    [Fact]
    public void A_refund_still_reaches_a_frozen_wallet()
    {
        Given(A30EuroPayment(), new WalletFrozen(WalletId, "fraud alert", Today.AddMinutes(-10)))
            .When(Refund(Eur(10m)))
            .Then(Refunded(Eur(10m), total: Eur(10m)));
    }

    [Fact]
    public void A_refund_to_a_closed_wallet_is_refused()
    {
        Given(Onboarded(), Registered(), Opened(), ToppedUp(Eur(30m)), FacePayOn(),
                EarlierPayment(Eur(30m), Today.AddHours(-1), PaymentId),
                new WalletClosed(WalletId, Today.AddMinutes(-10)))
            .When(Refund(Eur(10m)))
            .ThenRefused(RuleCodes.WalletClosed);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-500)]
    public void A_refund_must_be_positive(long minor)
    {
        Given(A30EuroPayment())
            .When(Refund(EurMinor(minor)))
            .ThenRefused(RuleCodes.AmountNotPositive);
    }

    [Fact]
    public void A_refund_in_another_currency_is_refused()
    {
        Given(A30EuroPayment())
            .When(Refund(Jpy(10m)))
            .ThenRefused(RuleCodes.CurrencyMismatch);
    }

    [Fact]
    public void A_refund_gives_the_balance_back_but_not_the_daily_allowance()
    {
        var wallet = WalletEvolution.Fold(History.Flatten([A30EuroPayment(), Refunded(Eur(30m), Eur(30m))]).OfType<IWalletEvent>())!;

        Assert.Equal(Eur(80m), wallet.Balance);
        Assert.Equal(3000, wallet.UsedToday.AmountMinor);
    }
}
