using Ledger.Domain.Fraud;

namespace Ledger.Infrastructure.Fraud;

/// <summary>The fraud view of one terminal (document id = terminal id), built asynchronously from the events.</summary>
public sealed record TerminalFraudView(Guid Id, FraudActivity Activity);

/// <summary>The fraud view of one customer (document id = wallet id), built asynchronously from the events.</summary>
public sealed record WalletFraudView(Guid Id, FraudActivity Activity);

/// <summary>One alert as the operators list it; <see cref="Sequence"/> orders the list and is its paging key.</summary>
public sealed record FraudAlertView(
    Guid Id, long Sequence, FraudSubjectKind SubjectKind, Guid SubjectId, string Rule, FraudSeverity Severity,
    FraudEvidence Evidence, string PolicyVersion, DateTimeOffset RaisedAt);
