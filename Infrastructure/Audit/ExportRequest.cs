namespace Ledger.Infrastructure.Audit;

/// <summary>What to export: a time range of event timestamps (from inclusive, to exclusive) and/or some streams.</summary>
public sealed record ExportRequest(DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<Guid> Streams);

public sealed record ExportSummary(long Events, long Links, int Checkpoints, long FirstSeq, long LastSeq, long NotYetSigned);

/// <summary>The export cannot be made (nothing signed yet, nothing selected); the message says why.</summary>
public sealed class AuditExportException(string message) : Exception(message);
