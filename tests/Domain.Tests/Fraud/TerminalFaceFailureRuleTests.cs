using Ledger.Domain.Fraud;
using static Ledger.Domain.Tests.Fraud.FraudFacts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Fraud;

public class TerminalFaceFailureRuleTests
{
    private static readonly FraudSubject Till = FraudSubject.Terminal(TerminalId);

    [Fact]
    public void Five_failed_faces_at_one_terminal_within_exactly_a_minute_raise_a_high_alert_with_all_five_as_evidence()
    {
        var facts = Every(TimeSpan.FromSeconds(15), 5, at => FaceFailed(at));

        var alert = Assert.Single(Observe(Till, facts));

        Assert.Equal(FraudRuleNames.TerminalFaceFailures, alert.Rule);
        Assert.Equal(FraudSeverity.High, alert.Severity);
        Assert.Equal(Till, alert.Subject);
        Assert.Equal(facts.Select(f => f.EventId), alert.Evidence.EventIds);
        Assert.Equal((5, 5, 60L), (alert.Evidence.Count, alert.Evidence.Threshold, alert.Evidence.WindowSeconds));
        Assert.Equal(facts[^1].At, alert.RaisedAt);
        Assert.Equal(FraudAlertIds.For(FraudRuleNames.TerminalFaceFailures, Till, facts[^1].EventId), alert.AlertId);
        Assert.Equal(FraudPolicy.Default.Version, alert.PolicyVersion);
    }

    [Fact]
    public void Five_failed_faces_spread_over_a_minute_and_a_millisecond_raise_nothing()
    {
        var facts = Every(TimeSpan.FromSeconds(15), 4, at => FaceFailed(at))
            .Append(FaceFailed(Today.AddMinutes(1).AddMilliseconds(1))).ToArray();

        Assert.Empty(Observe(Till, facts));
    }

    [Fact]
    public void Four_failed_faces_within_a_minute_raise_nothing()
    {
        Assert.Empty(Observe(Till, Every(TimeSpan.FromSeconds(1), 4, at => FaceFailed(at))));
    }

    [Fact]
    public void Further_failures_within_the_window_after_an_alert_raise_no_second_alert_but_a_new_burst_later_does()
    {
        var burst = Every(TimeSpan.FromSeconds(5), 8, at => FaceFailed(at));
        var later = Every(TimeSpan.FromSeconds(5), 5, at => FaceFailed(at.AddMinutes(10)));

        var alerts = Observe(Till, [.. burst, .. later]);

        Assert.Equal([burst[4].EventId, later[4].EventId], alerts.Select(a => a.Evidence.EventIds[^1]));
    }

    [Fact]
    public void Authorized_payments_in_between_do_not_count_as_failures()
    {
        var facts = Every(TimeSpan.FromSeconds(5), 8, at => at.Second % 10 == 0 ? Paid(at) : FaceFailed(at));

        Assert.Empty(Observe(Till, facts));
    }
}
