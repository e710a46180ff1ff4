using Ledger.Domain.Fraud;
using static Ledger.Domain.Tests.Fraud.FraudFacts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Fraud;

public class CustomerFaceFailureRuleTests
{
    private static readonly FraudSubject Customer = FraudSubject.Wallet(WalletId);

    [Fact]
    public void Three_failed_faces_for_one_customer_within_ten_minutes_raise_a_medium_alert()
    {
        var alert = Assert.Single(Observe(Customer, Every(TimeSpan.FromMinutes(5), 3, at => FaceFailed(at, WalletId))));

        Assert.Equal((FraudRuleNames.CustomerFaceFailures, FraudSeverity.Medium), (alert.Rule, alert.Severity));
        Assert.Equal(Customer, alert.Subject);
    }

    [Fact]
    public void Three_failed_faces_over_ten_minutes_and_a_millisecond_raise_nothing()
    {
        var facts = new[]
        {
            FaceFailed(Today, WalletId), FaceFailed(Today.AddMinutes(5), WalletId),
            FaceFailed(Today.AddMinutes(10).AddMilliseconds(1), WalletId),
        };

        Assert.Empty(Observe(Customer, facts));
    }
}
