using Ledger.Domain.Fraud;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Fraud;

public class FraudResponseTests
{
    private static FraudAlertRaised Alert(FraudSubject subject, FraudSeverity severity) =>
        new(Guid.Parse("00000000-0000-0000-0000-00000000aaaa"), subject, "rule", severity,
            new FraudEvidence([], 0, 0, 0), FraudPolicy.Default.Version, Today);

    [Fact]
    public void A_high_alert_on_a_wallet_freezes_it_naming_the_alert()
    {
        var alert = Alert(FraudSubject.Wallet(WalletId), FraudSeverity.High);

        var freeze = Assert.IsType<FreezeWallet>(FraudResponse.WalletCommandFor(alert, Today));

        Assert.Equal(WalletId, freeze.WalletId);
        Assert.Contains(alert.AlertId.ToString(), freeze.Reason);
        Assert.Null(FraudResponse.TerminalCommandFor(alert, Today));
    }

    [Fact]
    public void A_high_alert_on_a_terminal_suspends_it()
    {
        var alert = Alert(FraudSubject.Terminal(TerminalId), FraudSeverity.High);

        Assert.Equal(TerminalId, Assert.IsType<SuspendTerminal>(FraudResponse.TerminalCommandFor(alert, Today)).TerminalId);
        Assert.Null(FraudResponse.WalletCommandFor(alert, Today));
    }

    [Theory]
    [InlineData(FraudSeverity.Low)]
    [InlineData(FraudSeverity.Medium)]
    public void Lower_severities_wait_for_an_operator(FraudSeverity severity)
    {
        Assert.Null(FraudResponse.WalletCommandFor(Alert(FraudSubject.Wallet(WalletId), severity), Today));
        Assert.Null(FraudResponse.TerminalCommandFor(Alert(FraudSubject.Terminal(TerminalId), severity), Today));
    }

    [Fact]
    public void Alert_ids_and_the_policys_idempotency_key_follow_from_what_fired()
    {
        var trigger = Guid.NewGuid();
        var id = FraudAlertIds.For("rule", FraudSubject.Wallet(WalletId), trigger);

        Assert.Equal(id, FraudAlertIds.For("rule", FraudSubject.Wallet(WalletId), trigger));
        Assert.NotEqual(id, FraudAlertIds.For("rule", FraudSubject.Terminal(WalletId), trigger));
        Assert.NotEqual(id, FraudAlertIds.For("other", FraudSubject.Wallet(WalletId), trigger));
        Assert.Equal($"fraud-policy/{id:N}", FraudResponse.IdempotencyKey(id));
    }
}
