using Ledger.Domain.Payments;

namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// A terminal asks to be paid with the code the customer's device shows. The terminal never names a wallet: the
/// code's credential does, once the code is accepted.
/// </summary>
public sealed record PayByCode(Guid PaymentId, PaymentCode Code, Guid TerminalId, Money Amount, DateTimeOffset Now);

/// <summary>
/// A payment whose code was refused: the attempt is on the payment stream (declined, with no wallet named) and the
/// reason the code was refused is on the credential's stream when the credential exists.
/// </summary>
public sealed record PaymentCodeRefused(
    Guid PaymentId, Guid? CredentialId, Guid MerchantId, Guid TerminalId, Money Amount, DeclineReason Reason, string CodeReason,
    string PolicyVersion, DateTimeOffset RefusedAt) : IPaymentEvent;

/// <summary>The payment's outcome, and what the credential's stream records about the code.</summary>
public sealed record CodePaymentOutcome(PaymentOutcome Payment, IReadOnlyList<IPaymentCredentialEvent> CredentialEvents);
