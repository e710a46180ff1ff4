using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;

namespace Ledger.Domain.Tests.Support;

/// <summary>
/// The cast of the specs: one EUR wallet, one merchant with one terminal, fixed ids and a fixed
/// day (time always comes in on the command). Limits are small so boundaries are easy to read:
/// 50.00 per payment, 100.00 a day, 3 payments a day.
/// </summary>
public static class TestData
{
    public static readonly Guid WalletId = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    public static readonly Guid MerchantId = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    public static readonly Guid TerminalId = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    public static readonly Guid PaymentId = Guid.Parse("00000000-0000-0000-0000-0000000000d1");
    public static readonly Guid RefundId = Guid.Parse("00000000-0000-0000-0000-0000000000e1");
    public static readonly Guid TopUpId = Guid.Parse("00000000-0000-0000-0000-0000000000f1");
    public static readonly Guid PayoutId = Guid.Parse("00000000-0000-0000-0000-0000000000f2");

    /// <summary>Noon UTC on an ordinary day; the daily window is that UTC calendar day.</summary>
    public static readonly DateTimeOffset Today = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Midnight = new(2026, 3, 15, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LastMillisecondOfToday = Midnight.AddMilliseconds(-1);

    public const string Phone = "+4915112345678";
    public const string ConsentPolicy = "face-consent-2026-01";

    public static readonly WalletLimits Limits = new(Eur(50m), Eur(100m), 3);

    public static WalletOpened Opened(WalletLimits? limits = null, Currency? currency = null) =>
        new(WalletId, "Ada Lovelace", Phone, currency ?? EUR, limits ?? Limits, Today.AddDays(-30));

    public static WalletToppedUp ToppedUp(Money amount, Guid? topUpId = null) =>
        new(WalletId, topUpId ?? Guid.NewGuid(), amount, "card-4242", Today.AddDays(-1));

    public static FacePayEnabled FacePayOn() => new(WalletId, ConsentPolicy, null, Today.AddDays(-1));

    public static MerchantOnboarded Onboarded(Currency? currency = null) =>
        new(MerchantId, "Burger Palace", currency ?? EUR, "DE89370400440532013000", Today.AddDays(-60));

    public static TerminalRegistered Registered() =>
        new(TerminalId, MerchantId, "Till 3", new GeoPoint(52.52, 13.405), Today.AddDays(-59));

    /// <summary>A merchant with an active terminal and an open, funded wallet that consented to face pay.</summary>
    public static object[] ReadyToPay(Money balance, WalletLimits? limits = null) =>
        [Onboarded(), Registered(), Opened(limits), ToppedUp(balance), FacePayOn()];

    /// <summary>An earlier authorized payment, both sides: the payment stream and the wallet stream.</summary>
    public static object[] EarlierPayment(Money amount, DateTimeOffset at, Guid? paymentId = null)
    {
        var id = paymentId ?? Guid.NewGuid();
        var inputs = new DecisionInputs(WalletStatus.Active, true, amount, Limits.PerPayment, Limits.DailyAmount,
            Money.Zero(amount.Currency), Limits.DailyCount, 0, LimitRules.PolicyVersion);
        return
        [
            new PaymentAuthorized(id, WalletId, MerchantId, TerminalId, amount, inputs, at),
            new WalletDebited(WalletId, id, MerchantId, amount, at),
        ];
    }

    public static AuthorizePayment Pay(Money amount, DateTimeOffset? at = null, Guid? paymentId = null) =>
        new(paymentId ?? PaymentId, WalletId, TerminalId, amount, at ?? Today);

    /// <summary>The decision inputs of a healthy wallet under <see cref="Limits"/>.</summary>
    public static DecisionInputs Inputs(Money balance, Money? usedToday = null, int countToday = 0,
        WalletStatus status = WalletStatus.Active, bool facePay = true) =>
        new(status, facePay, balance, Limits.PerPayment, Limits.DailyAmount, usedToday ?? Eur(0m),
            Limits.DailyCount, countToday, LimitRules.PolicyVersion);

    public static PaymentAuthorized Authorized(Money amount, DecisionInputs inputs, DateTimeOffset? at = null) =>
        new(PaymentId, WalletId, MerchantId, TerminalId, amount, inputs, at ?? Today);

    public static WalletDebited Debited(Money amount, DateTimeOffset? at = null) =>
        new(WalletId, PaymentId, MerchantId, amount, at ?? Today);

    public static PaymentDeclined Declined(Money amount, DeclineReason reason, DecisionInputs inputs, DateTimeOffset? at = null) =>
        new(PaymentId, WalletId, MerchantId, TerminalId, amount, reason, inputs, at ?? Today);
}
