using Ledger.Domain.Fraud;
using static Ledger.Domain.Tests.Fraud.FraudFacts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Fraud;

/// <summary>
/// The operators' fraud view counts the last minute, ten minutes and hour before the latest event, each in 60 buckets:
/// a till taking payments all day keeps a view of bounded size, and a window's far edge is exact to its bucket.
/// </summary>
public class FraudActivityTests
{
    [Fact]
    public void Two_hours_of_a_payment_a_second_keep_at_most_sixty_buckets_per_window_and_count_each_window_whole()
    {
        var view = Fold(Every(TimeSpan.FromSeconds(1), 7_200, at => Paid(at)));

        Assert.Equal((60, 60, 60), (view.BySecond!.Count, view.ByTenSeconds!.Count, view.ByMinute!.Count));
        Assert.Equal((60, 600, 3_600), (view.LastMinute.Authorized, view.LastTenMinutes.Authorized, view.LastHour.Authorized));
        Assert.Equal(7_200, view.Authorized);
    }

    [Fact]
    public void The_last_minute_is_the_sixty_seconds_ending_with_the_latest_events_second()
    {
        var latest = Today.AddSeconds(60.9);
        // 12:00:01.000 is in the 60th second back (counted); 12:00:00.999 in the 61st (not).
        var view = Fold(FaceFailed(Today.AddMilliseconds(999)), FaceFailed(Today.AddSeconds(1)), FaceFailed(latest));

        Assert.Equal(2, view.LastMinute.FaceFailures);
        Assert.Equal(3, view.LastTenMinutes.FaceFailures);
        Assert.Equal(3, view.FaceFailures);
    }

    [Fact]
    public void The_ten_minutes_and_the_hour_have_their_far_edge_at_ten_seconds_and_at_a_minute()
    {
        var latest = Today.AddMinutes(70).AddSeconds(5);
        var view = Fold(
            Declined(Today.AddMinutes(10).AddSeconds(59)),   // the minute 12:10, the 61st minute back: out
            Declined(Today.AddMinutes(11)),                  // the minute 12:11: the 60th minute back, in
            Declined(Today.AddMinutes(60).AddSeconds(9)),    // 13:00:00-13:00:10, the 61st ten seconds back: out of the ten minutes
            Declined(Today.AddMinutes(60).AddSeconds(10)),   // the 60th ten seconds back: in
            Declined(latest));

        Assert.Equal(4, view.LastHour.Declined);
        Assert.Equal(2, view.LastTenMinutes.Declined);
        Assert.Equal(1, view.LastMinute.Declined);
    }

    [Fact]
    public void A_late_fact_older_than_a_window_counts_in_the_totals_only()
    {
        var view = Fold(Paid(Today.AddMinutes(30)), Paid(Today.AddMinutes(29)), Paid(Today.AddMinutes(-31)));

        Assert.Equal(3, view.Authorized);
        Assert.Equal((1, 2, 2), (view.LastMinute.Authorized, view.LastTenMinutes.Authorized, view.LastHour.Authorized));
        Assert.Equal(Today.AddMinutes(30), view.LastSeenAt);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_facts_out_of_order_within_seconds_count_as_their_buckets_say(int seed)
    {
        var random = new Random(seed);
        var at = Today;
        var facts = new List<FraudFact>();
        for (var n = 0; n < 2_000; n++)
        {
            at += TimeSpan.FromMilliseconds(random.Next(0, 8_000));
            var when = at - TimeSpan.FromMilliseconds(random.Next(0, 3_000));
            facts.Add(random.Next(3) switch { 0 => Paid(when), 1 => Declined(when), _ => FaceFailed(when) });
        }

        var view = FraudActivity.Empty(TerminalId);
        for (var n = 0; n < facts.Count; n++)
        {
            view = view.With(facts[n]);
            if (n % 97 != 0 && n != facts.Count - 1) continue;
            var seen = facts.Take(n + 1).ToList();
            var latest = seen.Max(f => f.At);
            foreach (var (window, counts) in new[]
                     {
                         (FraudActivityWindow.Minute, view.LastMinute), (FraudActivityWindow.TenMinutes, view.LastTenMinutes),
                         (FraudActivityWindow.Hour, view.LastHour),
                     })
            {
                var inside = seen.Where(f => window.BucketOf(f.At) > window.BucketOf(latest) - window.Length).ToList();
                Assert.Equal(
                    new FraudWindowCounts(inside.Count(f => f.Kind == FraudFactKind.PaymentAuthorized),
                        inside.Count(f => f.Kind == FraudFactKind.PaymentDeclined),
                        inside.Count(f => f.Kind == FraudFactKind.FaceVerificationFailed)),
                    counts);
            }
        }
    }

    [Fact]
    public void A_view_stored_before_the_buckets_existed_goes_on_counting_from_its_next_fact()
    {
        var stored = new FraudActivity(TerminalId, 5, 1, 0, 0, 0, Today, null, null, null, []);

        var view = stored.With(Paid(Today.AddSeconds(1)));

        Assert.Equal((6, 1, 1), (view.Authorized, view.LastMinute.Authorized, view.LastHour.Authorized));
        Assert.Equal(new FraudWindowCounts(0, 0, 0), stored.LastMinute);
    }

    private static FraudActivity Fold(params FraudFact[] facts) =>
        facts.Aggregate(FraudActivity.Empty(TerminalId), (view, fact) => view.With(fact));
}
