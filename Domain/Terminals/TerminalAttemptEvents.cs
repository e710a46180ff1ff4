namespace Ledger.Domain.Terminals;

/// <summary>
/// A customer-factor attempt at this terminal verified nobody: a face that matched no eligible customer, a wrong
/// PIN, a payment code that was wrong, used, expired or unknown. Recorded in the same commit as the attempt, so the
/// limit holds however fast a terminal sends.
/// </summary>
public sealed record TerminalAttemptFailed(Guid TerminalId, Guid PaymentId, string Kind, DateTimeOffset FailedAt) : ITerminalEvent;
