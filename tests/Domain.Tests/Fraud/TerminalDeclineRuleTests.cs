using Ledger.Domain.Fraud;
using static Ledger.Domain.Tests.Fraud.FraudFacts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Fraud;

public class TerminalDeclineRuleTests
{
    private static readonly FraudSubject Till = FraudSubject.Terminal(TerminalId);

    [Fact]
    public void Ten_declines_within_exactly_ten_minutes_raise_a_medium_alert()
    {
        var facts = Every(TimeSpan.FromSeconds(60), 10, Declined);

        var alert = Assert.Single(Observe(Till, facts));

        Assert.Equal((FraudRuleNames.TerminalDeclines, FraudSeverity.Medium, 10), (alert.Rule, alert.Severity, alert.Evidence.Count));
    }

    [Fact]
    public void Ten_declines_over_ten_minutes_and_a_second_raise_nothing()
    {
        var facts = Every(TimeSpan.FromSeconds(60), 9, Declined).Append(Declined(Today.AddMinutes(10).AddSeconds(1))).ToArray();

        Assert.Empty(Observe(Till, facts));
    }

    [Fact]
    public void Nine_declines_raise_nothing()
    {
        Assert.Empty(Observe(Till, Every(TimeSpan.FromSeconds(1), 9, Declined)));
    }
}
