using Ledger.Domain.Fraud;
using static Ledger.Domain.Tests.Fraud.FraudFacts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Fraud;

/// <summary>
/// A subject's window holds what its counting rules may still count, and no more: a till taking a payment a second
/// must not make every later payment rewrite an hour of them.
/// </summary>
public class FraudWindowMemoryTests
{
    private static readonly FraudSubject Till = FraudSubject.Terminal(TerminalId);
    private static readonly FraudSubject Customer = FraudSubject.Wallet(WalletId);

    [Fact]
    public void A_till_remembers_none_of_the_payments_it_authorized()
    {
        var window = Fold(Till, Every(TimeSpan.FromSeconds(1), 3_600, at => Paid(at)));

        Assert.Empty(window.Recent);
    }

    [Fact]
    public void A_till_remembers_its_declines_for_the_decline_rule_window_and_not_a_moment_longer()
    {
        // Declines two minutes apart: the rule's ten minutes hold the last six (both ends included), fewer than its threshold.
        var window = Fold(Till, Every(TimeSpan.FromMinutes(2), 30, Declined));

        Assert.Equal(6, window.Recent.Count);
        Assert.All(window.Recent, f => Assert.True(f.At >= Today.AddMinutes(58) - FraudPolicy.Default.TerminalDeclines.Window));
    }

    [Fact]
    public void A_till_remembers_no_more_declines_than_the_rule_needs_to_reach_its_threshold_with_the_next()
    {
        // Declines a minute apart: the window holds eleven, and nine of them with the next one make the rule's ten.
        var window = Fold(Till, Every(TimeSpan.FromMinutes(1), 30, Declined));

        Assert.Equal(Enumerable.Range(21, 9).Select(m => Today.AddMinutes(m)), window.Recent.Select(f => f.At));
    }

    [Fact]
    public void A_customer_hammering_payments_for_an_hour_leaves_a_window_the_size_of_the_rules_thresholds()
    {
        // Ten attempts a second for an hour, most of them declined: an attacker with a wallet must not make every later
        // fact of it rewrite an hour of attempts. The per-hour rule needs the last 29, the per-minute rule's last 4 are
        // among them, and the failed faces' rule keeps its last 2.
        var facts = Every(TimeSpan.FromMilliseconds(100), 36_000, at => at.Millisecond % 300 == 0 ? Paid(at) : Declined(at))
            .Concat(Every(TimeSpan.FromMinutes(1), 5, at => FaceFailed(at.AddMinutes(50), WalletId)))
            .OrderBy(f => f.At)
            .ToArray();

        var window = Fold(Customer, facts);

        var perHour = FraudPolicy.Default.PaymentsPerHour.Threshold - 1;
        var faces = FraudPolicy.Default.CustomerFaceFailures.Threshold - 1;
        Assert.Equal(perHour + faces, window.Recent.Count);
        Assert.Equal(facts.Where(f => f.IsPaymentAttempt).TakeLast(perHour), window.Recent.Where(f => f.IsPaymentAttempt));
    }

    [Fact]
    public void An_alert_raised_again_after_its_quiet_window_names_the_threshold_of_facts_that_tipped_it()
    {
        // A payment every ten seconds for two hours: the per-hour rule fires at the 30th, stays quiet for its hour, then
        // fires again with hundreds in the window. The evidence is the tipping payment and the 29 before it.
        var facts = Every(TimeSpan.FromSeconds(10), 720, at => Paid(at));

        var perHour = Observe(Customer, facts).Where(a => a.Rule == FraudRuleNames.CustomerPaymentsPerHour).ToList();

        Assert.Equal(2, perHour.Count);
        var again = perHour[1];
        var tipping = facts.Single(f => f.EventId == again.Evidence.EventIds[^1]);
        Assert.Equal(facts.Where(f => f.At <= tipping.At).TakeLast(30).Select(f => f.EventId), again.Evidence.EventIds);
        Assert.Equal((30, 30), (again.Evidence.Count, again.Evidence.Threshold));
    }

    [Fact]
    public void A_till_forgets_a_failed_face_after_a_minute_since_no_till_rule_counts_it_longer()
    {
        var window = Fold(Till, FaceFailed(Today), FaceFailed(Today.AddSeconds(60)), FaceFailed(Today.AddSeconds(61)));

        Assert.Equal([Today.AddSeconds(60), Today.AddSeconds(61)], window.Recent.Select(f => f.At));
    }

    [Fact]
    public void A_customer_remembers_payment_attempts_for_the_hour_the_per_hour_rule_counts()
    {
        var window = Fold(Customer, Every(TimeSpan.FromMinutes(10), 13, at => Paid(at)));

        // 0..120 minutes: the last hour from minute 120 reaches back to minute 60, both included.
        Assert.Equal(7, window.Recent.Count);
    }

    [Fact]
    public void Declines_among_thousands_of_payments_still_raise_the_till_decline_alert_on_the_tenth()
    {
        var facts = Enumerable.Range(0, 2_000).Select(n => n % 200 == 199 ? Declined(Today.AddSeconds(n * 0.25)) : Paid(Today.AddSeconds(n * 0.25)));

        var alert = Assert.Single(Observe(Till, facts.ToArray()));

        Assert.Equal(FraudRuleNames.TerminalDeclines, alert.Rule);
        Assert.Equal(10, alert.Evidence.Count);
    }

    /// <summary>
    /// Facts in time order (as a store's events come): the alerts are the same as when the window holds everything
    /// observed before, for every rule, over random sequences of payments, declines and failed faces.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Forgetting_changes_no_alert(int seed)
    {
        var random = new Random(seed);
        var at = Today;
        var facts = new List<FraudFact>();
        for (var n = 0; n < 600; n++)
        {
            // Bursts a few seconds apart, now and then a pause of minutes to an hour.
            at = at.AddSeconds(random.Next(12) == 0 ? random.Next(60, 3_600) : random.Next(0, 15));
            var inParis = random.Next(4) == 0;
            facts.Add(random.Next(10) switch
            {
                < 6 => Paid(at, minor: random.Next(5) == 0 ? 50_000 : 1_290, terminalId: inParis ? ParisTerminal : TerminalId, location: inParis ? Paris : Berlin),
                < 8 => Declined(at),
                _ => FaceFailed(at, WalletId),
            });
        }

        foreach (var subject in new[] { Till, Customer })
        {
            var remembered = FraudWindow.Empty(subject);
            var everything = FraudWindow.Empty(subject);
            var seen = new List<FraudFact>();
            var raised = 0;
            foreach (var fact in facts)
            {
                var forgetting = FraudDetector.Observe(remembered, fact, FraudPolicy.Default);
                var keeping = FraudDetector.Observe(everything with { Recent = seen.ToList() }, fact, FraudPolicy.Default);
                Assert.Equal(keeping.Alerts.Select(Described), forgetting.Alerts.Select(Described));
                raised += forgetting.Alerts.Count;
                seen.Add(fact);
                (remembered, everything) = (forgetting.Window, keeping.Window);
            }
            Assert.True(raised > 0, $"{subject}: the sequence raised no alert, so it compared nothing");
            Assert.True(remembered.Recent.Count < seen.Count / 2, $"{subject}: remembers {remembered.Recent.Count} of {seen.Count}");
        }
    }

    private static string Described(FraudAlertRaised alert) =>
        $"{alert.AlertId} {alert.Rule} {alert.Evidence.Count} {string.Join(',', alert.Evidence.EventIds)}";

    private static FraudWindow Fold(FraudSubject subject, params FraudFact[] facts) =>
        facts.Aggregate(FraudWindow.Empty(subject), (window, fact) => FraudDetector.Observe(window, fact, FraudPolicy.Default).Window);
}
