namespace Ledger.Domain.Application;

/// <summary>
/// The first outcome of a command under a client's idempotency key, stored in the same transaction
/// as the command's events so that both exist or neither does.
/// </summary>
/// <param name="Id">The key scoped to the caller, e.g. <c>operator:alice/7f1c...</c>.</param>
/// <param name="RequestHash">SHA-256 of the canonical request; the same key with another payload is a conflict.</param>
/// <param name="Outcome">The serialized result returned to every repeat of the request; empty when it is answered by reference.</param>
/// <param name="AnswerStream">
/// Set when the outcome is the state of this stream through the last event the command appended to it (a payment): the
/// events already hold it, so the record keeps the reference instead of a second copy, and a repeat folds the stream
/// through the events carrying this key. Later events (a refund) do not change the answer.
/// </param>
public sealed record IdempotencyRecord(string Id, string RequestHash, string OutcomeType, string Outcome, DateTimeOffset RecordedAt,
    Guid? AnswerStream = null);
