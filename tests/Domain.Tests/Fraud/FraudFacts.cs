using Ledger.Domain.Fraud;
using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Fraud;

/// <summary>Facts at the specs' terminal and wallet, and a way to run a sequence of them through the detector.</summary>
public static class FraudFacts
{
    public static readonly GeoPoint Berlin = new(52.52, 13.405);
    public static readonly GeoPoint Paris = new(48.8566, 2.3522);
    public static readonly Guid ParisTerminal = Guid.Parse("00000000-0000-0000-0000-0000000000c2");

    public static FraudFact FaceFailed(DateTimeOffset at, Guid? walletId = null) =>
        new(Guid.NewGuid(), FraudFactKind.FaceVerificationFailed, TerminalId, walletId, 1290, "EUR", Berlin, at);

    public static FraudFact Declined(DateTimeOffset at) =>
        new(Guid.NewGuid(), FraudFactKind.PaymentDeclined, TerminalId, WalletId, 1290, "EUR", Berlin, at);

    public static FraudFact Paid(DateTimeOffset at, long minor = 1290, Guid? terminalId = null, GeoPoint? location = null) =>
        new(Guid.NewGuid(), FraudFactKind.PaymentAuthorized, terminalId ?? TerminalId, WalletId, minor, "EUR", location ?? Berlin, at);

    public static FraudFact PaidInParis(DateTimeOffset at) => Paid(at, terminalId: ParisTerminal, location: Paris);

    /// <summary>Observes each fact in turn; returns every alert raised, in order.</summary>
    public static IReadOnlyList<FraudAlertRaised> Observe(FraudSubject subject, params FraudFact[] facts)
    {
        var window = FraudWindow.Empty(subject);
        var alerts = new List<FraudAlertRaised>();
        foreach (var fact in facts)
        {
            var observation = FraudDetector.Observe(window, fact, FraudPolicy.Default);
            window = observation.Window;
            alerts.AddRange(observation.Alerts);
        }
        return alerts;
    }

    public static FraudFact[] Every(TimeSpan step, int count, Func<DateTimeOffset, FraudFact> fact) =>
        Enumerable.Range(0, count).Select(n => fact(Today + step * n)).ToArray();
}
