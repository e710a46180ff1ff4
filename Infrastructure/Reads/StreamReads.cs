using Ledger.Infrastructure.EventStore;
using Npgsql;

namespace Ledger.Infrastructure.Reads;

/// <summary>A stream as <c>mt_streams</c> knows it: its aggregate type (when Marten recorded one) and its last version.</summary>
public sealed record StreamSummary(Guid Id, string? AggregateType, long Version, DateTimeOffset? Created);

/// <summary>One stored event with the metadata every event carries (MartenLedgerStore's headers), its data as stored.</summary>
public sealed record StreamEventView(long Sequence, Guid Id, long Version, string Type, DateTimeOffset Timestamp, string? Actor,
    string? CorrelationId, string? CausationId, string? RequestId, string? Reason, string Data);

/// <summary>Where a causation id leads: the event it names (its stream and version), or a stream of that id (an approval).</summary>
public sealed record CauseLocation(string CausationId, Guid StreamId, long? Version);

/// <summary>
/// A stream's events in order, for people reading them (the console): paged by a keyset on the stream version, never by
/// offset, so a page costs the same on the first and the millionth event. Plain SQL on Marten's tables, read only.
/// </summary>
public sealed class StreamReads(NpgsqlDataSource dataSource, JournalReads.Options options)
{
    public const int MaxPageSize = 200;

    private string T(string table) => $"{options.Schema}.{table}";

    public async Task<StreamSummary?> StreamAsync(Guid streamId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"select id, type, version, created from {T("mt_streams")} where id = $1");
        cmd.Parameters.AddWithValue(streamId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new StreamSummary(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }

    /// <summary>The stored type name of the stream's first event (what kind of stream it is), or null for no stream.</summary>
    public async Task<string?> FirstEventTypeAsync(Guid streamId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"select type from {T("mt_events")} where stream_id = $1 and version = 1");
        cmd.Parameters.AddWithValue(streamId);
        return await cmd.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>Up to <paramref name="limit"/> events of the stream after version <paramref name="afterVersion"/>, in version order.</summary>
    public async Task<IReadOnlyList<StreamEventView>> EventsAsync(Guid streamId, long afterVersion, int limit, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"""
            select seq_id, id, version, type, timestamp, headers->>'{EventHeaders.Actor}', correlation_id, causation_id,
                   headers->>'{EventHeaders.RequestId}', headers->>'{EventHeaders.Reason}', data::text
            from {T("mt_events")} where stream_id = $1 and version > $2 order by version limit $3
            """);
        cmd.Parameters.AddWithValue(streamId);
        cmd.Parameters.AddWithValue(afterVersion);
        cmd.Parameters.AddWithValue(Math.Clamp(limit, 1, MaxPageSize));
        var events = new List<StreamEventView>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            events.Add(new StreamEventView(reader.GetInt64(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), Text(reader, 5), Text(reader, 6), Text(reader, 7), Text(reader, 8),
                Text(reader, 9), reader.GetString(10)));
        return events;
    }

    /// <summary>Where each causation id that names an event or a stream leads; ids that name neither are left out.</summary>
    public async Task<IReadOnlyDictionary<string, CauseLocation>> CausesAsync(IEnumerable<string?> causationIds, CancellationToken ct)
    {
        var ids = causationIds.OfType<string>().Distinct()
            .Select(c => (Text: c, Ok: Guid.TryParse(c, out var id), Id: id)).Where(c => c.Ok).ToList();
        if (ids.Count == 0) return new Dictionary<string, CauseLocation>();
        await using var cmd = dataSource.CreateCommand(
            $"""
            select id, stream_id, version from {T("mt_events")} where id = any($1)
            union all
            select id, id, null from {T("mt_streams")} where id = any($1)
            """);
        cmd.Parameters.AddWithValue(ids.Select(c => c.Id).ToArray());
        var found = new Dictionary<Guid, CauseLocation>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            // An event id wins over a stream of the same id: it says exactly where.
            if (found.ContainsKey(id) && reader.IsDBNull(2)) continue;
            found[id] = new CauseLocation("", reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetInt64(2));
        }
        return ids.Where(c => found.ContainsKey(c.Id)).ToDictionary(c => c.Text, c => found[c.Id] with { CausationId = c.Text });
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
