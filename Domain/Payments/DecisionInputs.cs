using Ledger.Domain.Wallets;

namespace Ledger.Domain.Payments;

/// <summary>
/// The rule inputs exactly as they were when a payment was decided, recorded with the decision so an
/// auditor can explain it later without recomputing anything.
/// </summary>
public sealed record DecisionInputs(
    WalletStatus WalletStatus,
    bool FacePayEnabled,
    Money Balance,
    Money PerPaymentLimit,
    Money DailyAmountLimit,
    Money UsedToday,
    int DailyCountLimit,
    int CountToday,
    string LimitPolicy);
