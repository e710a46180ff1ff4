using Ledger.Domain.Fraud;
using static Ledger.Domain.Tests.Fraud.FraudFacts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Fraud;

public class UnusualAmountRuleTests
{
    private static readonly FraudSubject Customer = FraudSubject.Wallet(WalletId);

    // Five payments of 10.00, a day apart so that no velocity rule interferes.
    private static FraudFact[] History(int count = 5) =>
        Every(TimeSpan.FromDays(1), count, at => Paid(at.AddDays(-10), minor: 1000));

    [Fact]
    public void Ten_times_the_usual_amount_raises_a_medium_alert_with_both_amounts()
    {
        var alert = Assert.Single(Observe(Customer, [.. History(), Paid(Today, minor: 10_000)]));

        Assert.Equal((FraudRuleNames.CustomerUnusualAmount, FraudSeverity.Medium), (alert.Rule, alert.Severity));
        Assert.Equal((10_000L, 1000L, 5), (alert.Evidence.AmountMinor, alert.Evidence.UsualAmountMinor, alert.Evidence.Count));
    }

    [Fact]
    public void One_minor_unit_below_ten_times_the_usual_amount_raises_nothing()
    {
        Assert.Empty(Observe(Customer, [.. History(), Paid(Today, minor: 9_999)]));
    }

    [Fact]
    public void With_fewer_than_five_earlier_payments_no_amount_is_unusual()
    {
        Assert.Empty(Observe(Customer, [.. History(4), Paid(Today, minor: 1_000_000)]));
    }

    [Fact]
    public void Declined_payments_are_judged_but_do_not_shift_the_usual_amount()
    {
        var declinedBig = Declined(Today.AddDays(-1)) with { AmountMinor = 50_000 };

        var alerts = Observe(Customer, [.. History(), declinedBig, Paid(Today, minor: 10_000)]);

        Assert.Equal([declinedBig.EventId, alerts[1].Evidence.EventIds[0]], alerts.Select(a => a.Evidence.EventIds[0]));
        Assert.Equal(1000L, alerts[1].Evidence.UsualAmountMinor);
    }
}
