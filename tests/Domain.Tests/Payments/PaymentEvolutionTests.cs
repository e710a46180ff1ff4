using Ledger.Domain.Payments;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Payments;

public class PaymentEvolutionTests
{
    private static Payment? Fold(params object[] events) => events.Aggregate((Payment?)null, PaymentDecider.Evolve);

    private static PaymentRefunded RefundedSoFar(Money amount, Money total) =>
        new(PaymentId, Guid.NewGuid(), WalletId, MerchantId, amount, total, Today);

    [Fact]
    public void An_authorized_payment_can_be_refunded_in_full()
    {
        var payment = Fold(Authorized(Eur(30m), Inputs(Eur(80m))))!;

        Assert.Equal(PaymentStatus.Authorized, payment.Status);
        Assert.Equal(Eur(30m), payment.Refundable);
        Assert.Equal(Inputs(Eur(80m)), payment.Inputs);
        Assert.Null(payment.DeclineReason);
    }

    [Fact]
    public void A_declined_payment_keeps_its_reason_and_has_nothing_to_refund()
    {
        var payment = Fold(Declined(Eur(30m), DeclineReason.InsufficientFunds, Inputs(Eur(5m))))!;

        Assert.Equal(PaymentStatus.Declined, payment.Status);
        Assert.Equal(DeclineReason.InsufficientFunds, payment.DeclineReason);
        Assert.Equal(Eur(0m), payment.Refundable);
    }

    [Fact]
    public void A_partial_refund_leaves_the_rest_refundable()
    {
        var payment = Fold(Authorized(Eur(30m), Inputs(Eur(80m))), RefundedSoFar(Eur(10m), Eur(10m)))!;

        Assert.Equal(PaymentStatus.PartiallyRefunded, payment.Status);
        Assert.Equal(Eur(10m), payment.Refunded);
        Assert.Equal(Eur(20m), payment.Refundable);
    }

    [Fact]
    public void Refunds_that_add_up_to_the_amount_make_the_payment_refunded()
    {
        var payment = Fold(Authorized(Eur(30m), Inputs(Eur(80m))),
            RefundedSoFar(Eur(10m), Eur(10m)), RefundedSoFar(Eur(20m), Eur(30m)))!;

        Assert.Equal(PaymentStatus.Refunded, payment.Status);
        Assert.Equal(Eur(0m), payment.Refundable);
    }

    [Fact]
    public void A_refund_without_a_decision_before_it_leaves_no_payment()
    {
        Assert.Null(Fold(RefundedSoFar(Eur(10m), Eur(10m))));
    }
}
