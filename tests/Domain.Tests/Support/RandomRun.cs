using CsCheck;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Tests.Support;

/// <summary>
/// A random day-to-day of the ledger for property tests: three wallets (two in EUR, one in JPY) and
/// two merchants (EUR, JPY) with a terminal each; top-ups, payments, refunds, payouts, freezes and
/// the clock moving on, every step decided by the real deciders. Refused commands record nothing,
/// as in production. What was accepted is tallied from the commands, independently of the journal.
/// </summary>
public sealed class RandomRun
{
    public abstract record Step;
    public sealed record TopUp(int Wallet, long Minor) : Step;
    public sealed record Pay(int Wallet, int Terminal, long Minor) : Step;
    public sealed record Refund(int PaymentPick, long Minor, bool Full) : Step;
    public sealed record PayOut(int Wallet, long Minor) : Step;
    public sealed record Freeze(int Wallet) : Step;
    public sealed record Unfreeze(int Wallet) : Step;
    public sealed record Wait(int Minutes) : Step;

    /// <summary>Mostly small baskets (so the daily count is what runs out), sometimes big ones (over the per-payment limit).</summary>
    private static readonly Gen<long> PaymentMinor = Gen.Frequency((3, Gen.Long[1, 2_000]), (1, Gen.Long[1, 9_000]));

    public static readonly Gen<Step> StepGen = Gen.Frequency(
        (4, Gen.Select(Gen.Int[0, 2], Gen.Long[1, 30_000], (w, m) => (Step)new TopUp(w, m))),
        (8, Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1], PaymentMinor, (w, t, m) => (Step)new Pay(w, t, m))),
        (3, Gen.Select(Gen.Int[0, 1000], Gen.Long[1, 6_000], Gen.Bool, (p, m, f) => (Step)new Refund(p, m, f))),
        (2, Gen.Select(Gen.Int[0, 2], Gen.Long[1, 20_000], (w, m) => (Step)new PayOut(w, m))),
        (1, Gen.Int[0, 2].Select(w => (Step)new Freeze(w))),
        (1, Gen.Int[0, 2].Select(w => (Step)new Unfreeze(w))),
        (2, Gen.Int[1, 900].Select(m => (Step)new Wait(m))));

    public static readonly Gen<Step[]> Steps = StepGen.Array[1, 80];

    public static readonly Currency EUR = Currency.Of("EUR");
    public static readonly Currency JPY = Currency.Of("JPY");

    public IReadOnlyList<Guid> Wallets { get; } = [Id(0xa1), Id(0xa2), Id(0xa3)];
    public IReadOnlyList<Guid> Merchants { get; } = [Id(0xb1), Id(0xb2)];
    public IReadOnlyList<Guid> Terminals { get; } = [Id(0xc1), Id(0xc2)];
    private static readonly Currency[] WalletCurrencies = [EUR, EUR, JPY];
    private static readonly Currency[] MerchantCurrencies = [EUR, JPY];

    public TestLedger Ledger { get; } = new();
    public Dictionary<Currency, long> ToppedUp { get; } = [];
    public Dictionary<Currency, long> PaidOut { get; } = [];
    /// <summary>Authorized minus refunded, per merchant, from the accepted commands.</summary>
    public Dictionary<Guid, long> MerchantTakings { get; } = [];
    public int Movements { get; private set; }

    private readonly List<Guid> _authorized = [];
    private DateTimeOffset _now = new(2026, 3, 14, 8, 0, 0, TimeSpan.Zero);

    public static RandomRun Play(IEnumerable<Step> steps)
    {
        var run = new RandomRun();
        run.SetUp();
        foreach (var step in steps) run.Do(step);
        return run;
    }

    private void SetUp()
    {
        for (var m = 0; m < Merchants.Count; m++)
        {
            Ledger.Execute(new OnboardMerchant(Merchants[m], $"Merchant {m}", MerchantCurrencies[m], $"acct-{m}", _now));
            Ledger.Execute(new RegisterTerminal(Terminals[m], Merchants[m], $"Till {m}", null, _now));
        }
        for (var w = 0; w < Wallets.Count; w++)
        {
            var c = WalletCurrencies[w];
            var limits = new WalletLimits(new Money(6_000, c), new Money(10_000, c), 4);
            Ledger.Execute(new OpenWallet(Wallets[w], $"Customer {w}", $"+4915100000{w:D3}", c, limits, _now));
            Ledger.Execute(new EnableFacePay(Wallets[w], "consent-v1", _now));
        }
    }

    private void Do(Step step)
    {
        _now = _now.AddSeconds(7);
        switch (step)
        {
            case TopUp s:
                var topUp = new Money(s.Minor, WalletCurrencies[s.Wallet]);
                if (Accepted(new TopUpWallet(Wallets[s.Wallet], Guid.NewGuid(), topUp, "card", _now)))
                    Add(ToppedUp, topUp.Currency, s.Minor);
                break;
            case PayOut s:
                var payout = new Money(s.Minor, WalletCurrencies[s.Wallet]);
                if (Accepted(new PayOutWallet(Wallets[s.Wallet], Guid.NewGuid(), payout, "iban", _now)))
                    Add(PaidOut, payout.Currency, s.Minor);
                break;
            case Pay s:
                var paymentId = Guid.NewGuid();
                Accepted(new AuthorizePayment(paymentId, Wallets[s.Wallet], Terminals[s.Terminal],
                    new Money(s.Minor, WalletCurrencies[s.Wallet]), _now));
                if (Ledger.Payment(paymentId) is { Status: PaymentStatus.Authorized } authorized)
                {
                    _authorized.Add(paymentId);
                    Add(MerchantTakings, authorized.MerchantId, s.Minor);
                }
                break;
            case Refund s when _authorized.Count > 0:
                var payment = Ledger.Payment(_authorized[s.PaymentPick % _authorized.Count])!;
                var amount = s.Full ? payment.Refundable : new Money(s.Minor, payment.Amount.Currency);
                if (Accepted(new RefundPayment(payment.Id, Guid.NewGuid(), amount, "return", _now)))
                    Add(MerchantTakings, payment.MerchantId, -amount.Minor);
                break;
            case Freeze s:
                Accepted(new FreezeWallet(Wallets[s.Wallet], "alert", _now));
                break;
            case Unfreeze s:
                Accepted(new UnfreezeWallet(Wallets[s.Wallet], _now));
                break;
            case Wait s:
                _now = _now.AddMinutes(s.Minutes);
                break;
        }
    }

    /// <summary>Runs the command; a refusal records nothing and is part of normal life.</summary>
    private bool Accepted(object command)
    {
        try
        {
            var events = Ledger.Execute(command);
            if (events.Any(e => e is WalletToppedUp or WalletPaidOut or PaymentAuthorized or PaymentRefunded)) Movements++;
            return events.Count > 0;
        }
        catch (DomainRuleViolation)
        {
            return false;
        }
    }

    private static void Add<TKey>(Dictionary<TKey, long> tally, TKey key, long minor) where TKey : notnull =>
        tally[key] = checked(tally.GetValueOrDefault(key) + minor);

    private static Guid Id(int n) => Guid.Parse($"00000000-0000-0000-0000-{n:x12}");
}
