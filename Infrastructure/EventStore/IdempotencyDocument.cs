using Ledger.Domain.Application;

namespace Ledger.Infrastructure.EventStore;

/// <summary>Marten document holding an idempotency record; inserted (never upserted) so a duplicate key fails the commit.</summary>
public sealed class IdempotencyDocument
{
    public string Id { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public string OutcomeType { get; set; } = "";
    public string Outcome { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    /// <summary>The stream whose events hold the answer, when <see cref="Outcome"/> is empty (see <see cref="IdempotencyRecord"/>).</summary>
    public Guid? AnswerStream { get; set; }

    public static IdempotencyDocument From(IdempotencyRecord record) => new()
    {
        Id = record.Id, RequestHash = record.RequestHash, OutcomeType = record.OutcomeType, Outcome = record.Outcome,
        RecordedAt = record.RecordedAt, AnswerStream = record.AnswerStream,
    };

    public IdempotencyRecord ToRecord() => new(Id, RequestHash, OutcomeType, Outcome, RecordedAt, AnswerStream);
}
