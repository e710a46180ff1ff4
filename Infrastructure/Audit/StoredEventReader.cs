using System.Text.Json;
using Ledger.Domain.Audit;
using Npgsql;

namespace Ledger.Infrastructure.Audit;

/// <summary>Reads rows of <c>mt_events</c> as the chain sees them: the columns that are hashed, nothing else.</summary>
internal static class StoredEventReader
{
    /// <summary>Select list for <c>mt_events e</c>; <see cref="Read"/> expects these columns from <paramref name="offset"/> on.</summary>
    public const string Columns = PlaceColumns + "e.headers::text, e.data::text";

    private const string PlaceColumns = "e.seq_id, e.id, e.stream_id, e.version, e.type, e.timestamp, e.correlation_id, e.causation_id, ";

    /// <summary>
    /// <see cref="Columns"/>, but headers and data only where <paramref name="condition"/> holds (null elsewhere):
    /// for reads that need most rows' place in the chain and only some rows' content.
    /// </summary>
    public static string ColumnsWhen(string condition) =>
        PlaceColumns + $"case when {condition} then e.headers::text end, case when {condition} then e.data::text end";

    public static AuditRecord Read(NpgsqlDataReader row, int offset = 0) => ReadRaw(row, offset).Parse();

    /// <summary>The row's columns as text, JSON not parsed yet: parsing and canonicalising can then run in parallel.</summary>
    public static RawEvent ReadRaw(NpgsqlDataReader row, int offset = 0) => new(
        row.GetInt64(offset),
        row.GetGuid(offset + 1),
        row.IsDBNull(offset + 2) ? null : row.GetGuid(offset + 2),
        row.GetInt64(offset + 3),
        row.GetString(offset + 4),
        row.GetFieldValue<DateTimeOffset>(offset + 5),
        row.IsDBNull(offset + 6) ? null : row.GetString(offset + 6),
        row.IsDBNull(offset + 7) ? null : row.GetString(offset + 7),
        row.IsDBNull(offset + 8) ? null : row.GetString(offset + 8),
        row.GetString(offset + 9));

    public sealed record RawEvent(long Seq, Guid Id, Guid? StreamId, long Version, string Type, DateTimeOffset Timestamp,
        string? CorrelationId, string? CausationId, string? Headers, string Data)
    {
        public AuditRecord Parse() => new(Seq, Id, StreamId, Version, Type, AuditRecord.FormatTimestamp(Timestamp), CorrelationId,
            CausationId, Headers is null ? null : JsonElement.Parse(Headers), JsonElement.Parse(Data));
    }
}
