using System.Text.Json.Serialization;
using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Payments;

/// <summary>
/// The rule inputs exactly as they were when a payment was decided, recorded with the decision so an
/// auditor can explain it later without recomputing anything. A face payment adds the face evidence and the face-pay policy version.
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
    string LimitPolicy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FaceEvidence? Face = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FacePolicy = null);
