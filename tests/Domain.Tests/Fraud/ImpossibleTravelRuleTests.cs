using Ledger.Domain.Fraud;
using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Fraud.FraudFacts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Fraud;

public class ImpossibleTravelRuleTests
{
    private static readonly FraudSubject Customer = FraudSubject.Wallet(WalletId);

    [Fact]
    public void Berlin_to_Paris_is_877_km_by_haversine()
    {
        Assert.Equal(877.46, GeoDistance.Kilometres(Berlin, Paris), precision: 2);
        Assert.Equal(0, GeoDistance.Kilometres(Paris, Paris));
    }

    // 877.46 km at 900 km/h takes 3509.9 s.
    [Fact]
    public void Berlin_then_Paris_3509_seconds_later_is_faster_than_900_kmh_and_raises_a_high_alert()
    {
        var berlin = Paid(Today);
        var paris = PaidInParis(Today.AddSeconds(3509));

        var alert = Assert.Single(Observe(Customer, berlin, paris));

        Assert.Equal((FraudRuleNames.CustomerImpossibleTravel, FraudSeverity.High), (alert.Rule, alert.Severity));
        Assert.Equal([berlin.EventId, paris.EventId], alert.Evidence.EventIds);
        Assert.Equal(877.5, alert.Evidence.DistanceKm);
        Assert.Equal(900, alert.Evidence.SpeedKmh);
        Assert.Equal(3509, alert.Evidence.WindowSeconds);
    }

    [Fact]
    public void Berlin_then_Paris_3510_seconds_later_is_just_possible_and_raises_nothing()
    {
        Assert.Empty(Observe(Customer, Paid(Today), PaidInParis(Today.AddSeconds(3510))));
    }

    [Fact]
    public void Two_payments_at_the_same_moment_far_apart_raise_an_alert()
    {
        Assert.Single(Observe(Customer, Paid(Today), PaidInParis(Today)));
    }

    [Fact]
    public void Terminals_closer_than_50_km_never_count_as_travel()
    {
        var potsdam = new GeoPoint(52.39, 13.06); // about 27 km from the Berlin till
        Assert.Empty(Observe(Customer, Paid(Today), Paid(Today.AddSeconds(1), terminalId: Guid.NewGuid(), location: potsdam)));
    }

    [Fact]
    public void A_terminal_without_a_location_is_left_out_and_the_last_located_payment_is_compared()
    {
        var berlin = Paid(Today);
        var unlocated = Paid(Today.AddMinutes(1), terminalId: Guid.NewGuid()) with { Location = null };
        var paris = PaidInParis(Today.AddMinutes(30));

        var alert = Assert.Single(Observe(Customer, berlin, unlocated, paris));

        Assert.Equal([berlin.EventId, paris.EventId], alert.Evidence.EventIds);
    }

    [Fact]
    public void A_failed_face_far_away_is_no_proof_the_customer_was_there()
    {
        var failedInParis = FaceFailed(Today.AddMinutes(5), WalletId) with { TerminalId = ParisTerminal, Location = Paris };

        Assert.Empty(Observe(Customer, Paid(Today), failedInParis));
    }
}
