using Ledger.Domain.Fraud;
using static Ledger.Domain.Tests.Fraud.FraudFacts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Fraud;

public class VelocityRuleTests
{
    private static readonly FraudSubject Customer = FraudSubject.Wallet(WalletId);

    [Fact]
    public void Five_payments_within_a_minute_raise_a_per_minute_alert()
    {
        var alert = Assert.Single(Observe(Customer, Every(TimeSpan.FromSeconds(15), 5, at => Paid(at))));

        Assert.Equal(FraudRuleNames.CustomerPaymentsPerMinute, alert.Rule);
    }

    [Fact]
    public void Declined_payments_count_as_payments_too()
    {
        var facts = Every(TimeSpan.FromSeconds(10), 5, at => at.Second % 20 == 0 ? Paid(at) : Declined(at));

        Assert.Equal(FraudRuleNames.CustomerPaymentsPerMinute, Assert.Single(Observe(Customer, facts)).Rule);
    }

    [Fact]
    public void Four_payments_within_a_minute_raise_nothing()
    {
        Assert.Empty(Observe(Customer, Every(TimeSpan.FromSeconds(1), 4, at => Paid(at))));
    }

    [Fact]
    public void Thirty_payments_within_an_hour_raise_a_per_hour_alert_and_twenty_nine_do_not()
    {
        // Two minutes apart, the thirtieth exactly an hour after the first.
        var thirty = Every(TimeSpan.FromMinutes(2), 29, at => Paid(at)).Append(Paid(Today.AddHours(1))).ToArray();

        Assert.Equal(FraudRuleNames.CustomerPaymentsPerHour, Assert.Single(Observe(Customer, thirty)).Rule);
        Assert.Empty(Observe(Customer, thirty[..29]));
        Assert.Empty(Observe(Customer, [.. thirty[..29], thirty[^1] with { At = thirty[^1].At.AddSeconds(1) }]));
    }
}
