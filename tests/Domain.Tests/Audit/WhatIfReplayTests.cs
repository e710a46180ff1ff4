using Ledger.Domain.Audit;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Tests.Audit;

public sealed class WhatIfReplayTests
{
    private static readonly Currency Euro = Currency.Of("EUR");
    private static readonly Guid WalletId = Guid.NewGuid();
    private static readonly DateTimeOffset Day = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly LimitPolicy At40PerPayment = new("tight", new Dictionary<string, WalletLimits>
    {
        ["EUR"] = new(Eur(40), Eur(500), 20),
    });

    private static Money Eur(decimal amount) => Money.FromDecimal(amount, Euro);

    private static readonly DecisionInputs AnyInputs = new(WalletStatus.Active, true, Eur(0), Eur(0), Eur(0), Eur(0), 0, 0, "limits-v1");

    private static IEnumerable<object> Opened() =>
    [
        new WalletOpened(WalletId, "Ada", "+4915112345678", Euro, WalletLimits.DefaultFor(Euro), Day),
        new FacePayEnabled(WalletId, "consent-2026-01", null, Day),
        new WalletToppedUp(WalletId, Guid.NewGuid(), Eur(100), "ref", Day),
    ];

    private static IEnumerable<object> Authorized(Guid paymentId, decimal amount, int minute) =>
    [
        new PaymentAuthorized(paymentId, WalletId, Guid.Empty, Guid.Empty, Eur(amount), AnyInputs, Day.AddMinutes(minute)),
        new WalletDebited(WalletId, paymentId, Guid.Empty, Eur(amount), Day.AddMinutes(minute)),
    ];

    private static object Declined(Guid paymentId, decimal amount, DeclineReason reason, int minute) =>
        new PaymentDeclined(paymentId, WalletId, Guid.Empty, Guid.Empty, Eur(amount), reason, AnyInputs, Day.AddMinutes(minute));

    [Fact]
    public void A_payment_the_policy_declines_leaves_its_money_for_later_requests()
    {
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var history = Opened().Concat(Authorized(a, 30, 1)).Concat(Authorized(b, 50, 2))
            .Append(Declined(c, 40, DeclineReason.InsufficientFunds, 3)); // 20 left then

        var decisions = WhatIfReplay.Wallet(history, At40PerPayment, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        Assert.Equal(3, decisions.Count);
        Assert.False(decisions[0].OutcomeChanges);
        Assert.Equal((true, false, DeclineReason.PerPaymentLimitExceeded), (decisions[1].WasAuthorized, decisions[1].WouldAuthorize, decisions[1].WouldReason));
        // 70 left under the policy, and 40 is exactly at its per-payment limit.
        Assert.Equal((false, true), (decisions[2].WasAuthorized, decisions[2].WouldAuthorize));
    }

    [Theory]
    [InlineData(DeclineReason.PinIncorrect)]
    [InlineData(DeclineReason.FullPhoneNumberRequired)]
    [InlineData(DeclineReason.FacePayLocked)]
    public void Looser_limits_do_not_undo_a_face_pay_step_up(DeclineReason stepUp)
    {
        var looser = new LimitPolicy("loose", new Dictionary<string, WalletLimits> { ["EUR"] = new(Eur(400), Eur(900), 50) });
        var history = Opened().Append(Declined(Guid.NewGuid(), 10, stepUp, 1));

        var decision = Assert.Single(WhatIfReplay.Wallet(history, looser, DateTimeOffset.MinValue, DateTimeOffset.MaxValue));

        Assert.Equal((false, false, stepUp), (decision.WasAuthorized, decision.WouldAuthorize, decision.WouldReason));
    }

    [Fact]
    public void A_refund_of_a_payment_the_policy_declines_never_happens()
    {
        var (big, next) = (Guid.NewGuid(), Guid.NewGuid());
        var history = Opened().Concat(Authorized(big, 50, 1))
            .Append(new WalletCredited(WalletId, big, Guid.NewGuid(), Eur(50), Day.AddMinutes(2)))
            .Concat(Authorized(next, 40, 3))
            .Append(Declined(Guid.NewGuid(), 40, DeclineReason.DailyCountLimitExceeded, 4)); // whatever was recorded, the policy re-decides it

        var decisions = WhatIfReplay.Wallet(history, At40PerPayment, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

        // Under the policy: 100, big declined (no debit, and its refund is skipped), next 40 -> 60, last 40 -> 20.
        Assert.Equal([false, true, true], decisions.Select(d => d.WouldAuthorize));
    }

    [Fact]
    public void Requests_outside_the_period_keep_their_recorded_outcome()
    {
        var (before, inside) = (Guid.NewGuid(), Guid.NewGuid());
        var history = Opened().Concat(Authorized(before, 50, 1)).Concat(Authorized(inside, 45, 60));

        var decisions = WhatIfReplay.Wallet(history, At40PerPayment, Day.AddMinutes(30), Day.AddHours(2));

        var only = Assert.Single(decisions);
        Assert.Equal(inside, only.PaymentId);
        Assert.Equal(DeclineReason.PerPaymentLimitExceeded, only.WouldReason);
    }

    [Fact]
    public void Wallets_in_a_currency_the_policy_does_not_name_keep_their_own_limits()
    {
        var policy = new LimitPolicy("gbp only", new Dictionary<string, WalletLimits>
        {
            ["GBP"] = new(Money.FromDecimal(1, Currency.Of("GBP")), Money.FromDecimal(1, Currency.Of("GBP")), 1),
        });
        var history = Opened().Concat(Authorized(Guid.NewGuid(), 50, 1));

        Assert.False(Assert.Single(WhatIfReplay.Wallet(history, policy, DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).OutcomeChanges);
    }
}
