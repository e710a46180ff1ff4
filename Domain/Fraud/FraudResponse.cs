using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Fraud;

/// <summary>
/// The fraud policy: a high-severity alert freezes the customer's wallet or suspends the terminal at once;
/// lower severities wait for an operator. The command's idempotency key is the alert's, so however often
/// the policy sees the alert, it acts once.
/// </summary>
public static class FraudResponse
{
    /// <summary>The actor on the commands the policy sends (<c>system:fraud-policy</c>).</summary>
    public const string Component = "fraud-policy";

    public static string IdempotencyKey(Guid alertId) => $"{Component}/{alertId:N}";

    public static WalletCommand? WalletCommandFor(FraudAlertRaised alert, DateTimeOffset now) =>
        alert is { Severity: FraudSeverity.High, Subject.Kind: FraudSubjectKind.Wallet }
            ? new FreezeWallet(alert.Subject.Id, Reason(alert), now)
            : null;

    public static TerminalCommand? TerminalCommandFor(FraudAlertRaised alert, DateTimeOffset now) =>
        alert is { Severity: FraudSeverity.High, Subject.Kind: FraudSubjectKind.Terminal }
            ? new SuspendTerminal(alert.Subject.Id, Reason(alert), now)
            : null;

    private static string Reason(FraudAlertRaised alert) => $"fraud alert {alert.AlertId} ({alert.Rule})";
}
