namespace Ledger.Domain.Application;

/// <summary>
/// The first outcome of a command under a client's idempotency key, stored in the same transaction
/// as the command's events so that both exist or neither does.
/// </summary>
/// <param name="Id">The key scoped to the caller, e.g. <c>operator:alice/7f1c...</c>.</param>
/// <param name="RequestHash">SHA-256 of the canonical request; the same key with another payload is a conflict.</param>
/// <param name="Outcome">The serialized result returned to every repeat of the request.</param>
public sealed record IdempotencyRecord(string Id, string RequestHash, string OutcomeType, string Outcome, DateTimeOffset RecordedAt);
