using Ledger.Domain.Payments;

namespace Ledger.Domain.FacePay;

/// <summary>The face at the terminal is the customer; the payment decision follows in the same stream.</summary>
public sealed record FaceVerified(
    Guid PaymentId, Guid WalletId, Guid MerchantId, Guid TerminalId, FaceEvidence Evidence, string PolicyVersion,
    DateTimeOffset VerifiedAt) : IPaymentEvent;

/// <summary>
/// The face at the terminal could not be verified (or face pay could not be used), so the attempt ends here,
/// declined. <paramref name="WalletId"/> is the customer the hint named, when it named exactly one.
/// </summary>
public sealed record FaceVerificationFailed(
    Guid PaymentId, Guid? WalletId, Guid MerchantId, Guid TerminalId, Money Amount, DeclineReason Reason,
    FaceEvidence Evidence, string PolicyVersion, DateTimeOffset FailedAt) : IPaymentEvent;

/// <summary>
/// The operating point the face decision of this payment ran at (<see cref="FaceOperatingPoint"/>), recorded in the same
/// commit as the decision, right after it. Its own event so that the decision events keep their stored schema; every face
/// decision since it existed has one.
/// </summary>
public sealed record FaceOperatingPointRecorded(Guid PaymentId, FaceOperatingPoint OperatingPoint, DateTimeOffset RecordedAt) : IPaymentEvent;
