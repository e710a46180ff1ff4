namespace Ledger.Domain.FacePay;

/// <summary>
/// A terminal's verify-and-pay request in the ledger's terms, whichever way it came (HTTP or the bus): who takes the
/// payment, how much, how the shopper narrowed the search, the PIN if one was typed, the face to compare and the
/// device's signed statement about it (COSE_Sign1 bytes), if it sent one.
/// </summary>
public sealed record FacePaymentAttempt(Guid TerminalId, Money Amount, CustomerHint Hint, string? Pin, FaceProbe Probe, byte[]? Statement = null);
