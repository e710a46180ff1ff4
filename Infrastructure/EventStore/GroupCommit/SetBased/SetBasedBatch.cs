using Ledger.Domain.Application;
using Ledger.Infrastructure.Journal;
using Marten;
using Npgsql;

namespace Ledger.Infrastructure.EventStore.GroupCommit.SetBased;

/// <summary>
/// Commands decided together in memory and written together: one round trip loads every command's announced streams,
/// documents and idempotency records (behind a savepoint), each command is decided in order on what the ones before it
/// left, and one round trip writes them all (<see cref="BatchWrite"/>), one statement per table. Versions are checked as
/// Marten checks them, so other writers and other service instances stay correct. Streams the <see cref="SnapshotCache"/>
/// holds are not read; when it holds them all the batch makes no read round trip at all, takes its idempotency keys to be
/// new, and its write checks all of that (<see cref="UsedCache"/>).
/// </summary>
internal sealed class SetBasedBatch
{
    public const string Savepoint = "set_based";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly string _schema;
    private readonly ISerializer _serializer;
    private readonly Dictionary<string, IdempotencyDocument?> _idempotency = [];
    private readonly Dictionary<Guid, BatchStream> _streams = [];
    private readonly Dictionary<(Type, Guid), object?> _documents = [];
    private readonly Dictionary<Guid, string> _refused = [];
    // The documents' stream versions as read or cached (a document without a stream has none), and whether a command read them.
    private readonly Dictionary<(Type, Guid), (long Version, bool Cached, bool Used)> _documentVersions = [];

    private SetBasedBatch(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, ISerializer serializer) =>
        (_connection, _transaction, _schema, _serializer) = (connection, transaction, schema, serializer);

    /// <summary>Whether the batch's savepoint has been sent (with its first round trip, reads or the write).</summary>
    public bool SavepointSet { get; private set; }

    /// <summary>
    /// Its idempotency keys were not read but taken to be new: a key that was not makes the write's insert of its record
    /// fail (and a refusal is not answered before the keys are read: it may have an answer already).
    /// </summary>
    public bool AssumesNewKeys { get; private set; }

    /// <summary>Whether anything was taken on trust (cached snapshots, keys taken to be new): a failed write is then decided again on reads.</summary>
    public bool UsedCache => AssumesNewKeys || _streams.Values.Any(s => s.Cached) || _documentVersions.Values.Any(d => d.Cached);

    /// <summary>The streams whose snapshots came from the cache: forgotten there when a check of the batch fails.</summary>
    public IEnumerable<Guid> CachedIds =>
        _streams.Values.Where(s => s.Cached).Select(s => s.Id).Concat(_documentVersions.Where(d => d.Value.Cached).Select(d => d.Key.Item2));

    public List<StagedEvent> Events { get; } = [];
    public List<IdempotencyDocument> Records { get; } = [];
    public List<StagedEntry> Entries { get; } = [];
    public BalanceDeltas Balances { get; } = new();
    public IEnumerable<BatchStream> Streams => _streams.Values;
    public ISerializer Serializer => _serializer;
    public string Schema => _schema;

    /// <summary>Whether a command announcing <paramref name="plan"/> can be decided in a set-based batch.</summary>
    public static bool Accepts(Prefetch? plan)
    {
        if (plan is not { EventsOnly: true }) return false;
        var wanted = new PlanReader();
        plan.Visit(wanted);
        return wanted.Writing.All(w => SetBasedStreams.WritableKind(w.Type) is not null)
               && wanted.Reading.All(r => SetBasedStreams.WritableKind(r.Type) is not null || SetBasedStreams.CanRead(r.Type));
    }

    /// <summary>
    /// Sets the savepoint and loads what the commands announced and the cache does not hold, in one round trip; none when
    /// it holds all of it (the savepoint then goes with the write).
    /// </summary>
    /// <param name="cache">Snapshots to take instead of reading them; null reads everything.</param>
    public static async Task<SetBasedBatch> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema,
        ISerializer serializer, IReadOnlyList<(string IdempotencyKey, Prefetch Plan)> commands, SnapshotCache? cache, CancellationToken ct)
    {
        var batch = new SetBasedBatch(connection, transaction, schema, serializer);
        var wanted = new PlanReader();
        foreach (var (_, plan) in commands) plan.Visit(wanted);
        var streams = wanted.Writing.Concat(wanted.Reading.Where(r => SetBasedStreams.WritableKind(r.Type) is not null))
            .GroupBy(s => s.Type).ToDictionary(g => SetBasedStreams.WritableKind(g.Key)!, g => g.Select(s => s.Id).Distinct().ToArray());
        var documents = wanted.Reading.Where(r => SetBasedStreams.WritableKind(r.Type) is null)
            .GroupBy(r => r.Type).ToDictionary(g => g.Key, g => g.Select(r => r.Id).Distinct().ToArray());
        var keys = commands.Select(c => c.IdempotencyKey).Distinct().ToArray();
        if (cache is not null)
        {
            streams = streams.Select(s => (Kind: s.Key, Ids: s.Value.Where(id => !batch.TakeCached(cache, s.Key, id)).ToArray()))
                .Where(s => s.Ids.Length > 0).ToDictionary(s => s.Kind, s => s.Ids);
            documents = documents.Select(d => (Type: d.Key, Ids: d.Value.Where(id => !batch.TakeCached(cache, d.Key, id)).ToArray()))
                .Where(d => d.Ids.Length > 0).ToDictionary(d => d.Type, d => d.Ids);
            if (streams.Count == 0 && documents.Count == 0)
            {
                foreach (var key in keys) batch._idempotency[key] = null;
                batch.AssumesNewKeys = true;
                return batch;
            }
        }

        await using var read = new NpgsqlBatch(connection, transaction);
        batch.SetSavepointIn(read);
        read.BatchCommands.Add(ToBatch(IdempotencyQuery(schema, keys)));
        foreach (var (kind, ids) in streams) read.BatchCommands.Add(ToBatch(StreamsQuery(schema, kind, ids)));
        foreach (var (type, ids) in documents) read.BatchCommands.Add(ToBatch(DocumentsQuery(schema, type, ids)));
        await using var reader = await read.ExecuteReaderAsync(ct);

        foreach (var key in keys) batch._idempotency[key] = null;
        while (await reader.ReadAsync(ct))
            batch._idempotency[reader.GetString(0)] = serializer.FromJson<IdempotencyDocument>(reader, 1);
        foreach (var (kind, ids) in streams)
        {
            await reader.NextResultAsync(ct);
            await batch.ReadStreamsAsync(reader, kind, ids, ct);
        }
        foreach (var (type, ids) in documents)
        {
            await reader.NextResultAsync(ct);
            await batch.ReadDocumentsAsync(reader, type, ids, ct);
        }
        return batch;
    }

    public async Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken ct)
    {
        if (!_idempotency.TryGetValue(key, out var doc))
        {
            await using var command = Query(IdempotencyQuery(_schema, [key]));
            await using var reader = await command.ExecuteReaderAsync(ct);
            _idempotency[key] = doc = await reader.ReadAsync(ct) ? _serializer.FromJson<IdempotencyDocument>(reader, 1) : null;
        }
        return doc?.ToRecord();
    }

    /// <summary>A stream as the commands decided so far left it (loaded now if nobody announced it).</summary>
    public async Task<BatchStream> StreamAsync(SetBasedStreams.Kind kind, Guid id, CancellationToken ct)
    {
        if (!_streams.ContainsKey(id) && !_refused.ContainsKey(id))
        {
            await using var command = Query(StreamsQuery(_schema, kind, [id]));
            await using var reader = await command.ExecuteReaderAsync(ct);
            await ReadStreamsAsync(reader, kind, [id], ct);
        }
        if (_refused.TryGetValue(id, out var why)) throw new NotBatchable(why);
        var stream = _streams[id];
        if (stream.Kind != kind) throw new NotBatchable($"Stream {id} is a {stream.Kind.Aggregate.Name}, not a {kind.Aggregate.Name}.");
        stream.Used = true;
        return stream;
    }

    public async Task<object?> DocumentAsync(Type type, Guid id, CancellationToken ct)
    {
        if (!_documents.ContainsKey((type, id)))
        {
            await using var command = Query(DocumentsQuery(_schema, type, [id]));
            await using var reader = await command.ExecuteReaderAsync(ct);
            await ReadDocumentsAsync(reader, type, [id], ct);
        }
        if (_documentVersions.TryGetValue((type, id), out var version)) _documentVersions[(type, id)] = version with { Used = true };
        return _documents[(type, id)];
    }

    /// <summary>
    /// Takes in what one command decided: its events folded onto the streams (all of them first, so a command the batch
    /// cannot write changes nothing), its journal entries and balance changes, and its idempotency record.
    /// </summary>
    public void Stage(CommandContext context, OrderedDictionary<Guid, BatchStream> loaded,
        IReadOnlyList<(Guid Stream, SetBasedStreams.Kind Kind, IReadOnlyCollection<object> Events)> appends, IdempotencyRecord? record)
    {
        var headers = _serializer.ToJson(EventHeaders.Of(context));
        var folded = new Dictionary<Guid, (BatchStream Stream, object? State, long Version)>();
        var events = new List<StagedEvent>();
        // As Marten orders one session's work: the streams that exist in the order they were loaded for writing, then the
        // ones it starts in the order they were appended to.
        foreach (var (id, kind, appended) in appends.OrderBy(a =>
                     loaded.TryGetValue(a.Stream, out var s) && s.Version > 0 ? loaded.IndexOf(a.Stream) : int.MaxValue))
        {
            if (!folded.TryGetValue(id, out var at))
            {
                var stream = loaded.GetValueOrDefault(id)
                             ?? (_streams.ContainsKey(id) ? throw new NotBatchable($"Stream {id} is started again.") : new BatchStream(id, kind, 0, null));
                if (stream.Kind != kind) throw new NotBatchable($"Stream {id} is a {stream.Kind.Aggregate.Name}, not a {kind.Aggregate.Name}.");
                if (stream.Version == 0 && appended.Count > 0 && !kind.Starts) throw new NotBatchable($"A {kind.Aggregate.Name} stream is started by Marten.");
                at = (stream, stream.State, stream.Version);
            }
            foreach (var e in appended)
            {
                if (!kind.Family.IsInstanceOfType(e)) throw new NotBatchable($"{e.GetType().Name} on a {kind.Aggregate.Name} stream.");
                var (name, dotNetType) = SetBasedStreams.EventType(e.GetType());
                at.State = kind.Evolve(at.State, e) ?? throw new NotBatchable($"{kind.Aggregate.Name} {id} has no state after {name}.");
                at.Version++;
                events.Add(new StagedEvent(Guid.NewGuid(), id, at.Version, e, name, dotNetType, context.CausationId, context.CorrelationId, headers));
            }
            folded[id] = at;
        }
        foreach (var (id, (stream, state, version)) in folded)
        {
            if (version > stream.Version) stream.Advance(state!, version);
            if (loaded.ContainsKey(id)) stream.Checked = true;
            _streams.TryAdd(id, stream);
        }
        foreach (var e in events)
        {
            Events.Add(e);
            if (Domain.Accounting.Journal.EntryFor(e.Data) is not { } entry) continue;
            Entries.Add(new StagedEntry(entry, e.StreamId, e.Id));
            foreach (var posting in entry.Postings)
                Balances.Add(posting.Account.Code, posting.Amount.Currency.Code, BalanceSlots.For(posting.Account, entry.EntryId), posting.Amount.Minor);
        }
        if (record is null) return;
        var doc = IdempotencyDocument.From(record);
        Records.Add(doc);
        _idempotency[record.Id] = doc;
    }

    private static (string Sql, object Ids) IdempotencyQuery(string schema, string[] keys) =>
        ($"select id, data from {DocumentTables.Of(schema, typeof(IdempotencyDocument))} where id = any($1)", keys);

    private static (string Sql, object Ids) StreamsQuery(string schema, SetBasedStreams.Kind kind, Guid[] ids) =>
        ($"select s.id, s.version, s.is_archived, d.data from {schema}.mt_streams s left join {kind.Table(schema)} d on d.id = s.id " +
         "where s.id = any($1)", ids);

    // With the version of the stream the document is the snapshot of, to cache it and check it.
    private static (string Sql, object Ids) DocumentsQuery(string schema, Type type, Guid[] ids) =>
        ($"select d.id, d.data, s.version from {DocumentTables.Of(schema, type)} d left join {schema}.mt_streams s on s.id = d.id " +
         "where d.id = any($1)", ids);

    private static NpgsqlBatchCommand ToBatch((string Sql, object Ids) query) =>
        new(query.Sql) { Parameters = { new NpgsqlParameter { Value = query.Ids } } };

    /// <summary>A load while the batch is decided: the savepoint goes with it if this is the batch's first round trip.</summary>
    private NpgsqlBatch Query((string Sql, object Ids) query)
    {
        var batch = new NpgsqlBatch(_connection, _transaction);
        batch.BatchCommands.Add(ToBatch(query));
        SetSavepointIn(batch);
        return batch;
    }

    /// <summary>Puts the batch's savepoint first in <paramref name="batch"/> unless an earlier round trip set it.</summary>
    public void SetSavepointIn(NpgsqlBatch batch)
    {
        if (SavepointSet) return;
        batch.BatchCommands.Insert(0, new NpgsqlBatchCommand($"savepoint {Savepoint}"));
        SavepointSet = true;
    }

    /// <summary>Takes stream <paramref name="id"/>'s snapshot from the cache if it is there as a <paramref name="kind"/>.</summary>
    private bool TakeCached(SnapshotCache cache, SetBasedStreams.Kind kind, Guid id)
    {
        if (cache.Find(id, kind.Aggregate) is not { } hit) return false;
        _streams.TryAdd(id, new BatchStream(id, kind, hit.Version, hit.State, cached: true));
        return true;
    }

    private bool TakeCached(SnapshotCache cache, Type type, Guid id)
    {
        if (cache.Find(id, type) is not { } hit) return false;
        _documents.TryAdd((type, id), hit.State);
        _documentVersions.TryAdd((type, id), (hit.Version, Cached: true, Used: false));
        return true;
    }

    /// <summary>
    /// The cached streams and documents the decided commands only read, at the versions they were decided on: the write
    /// checks they have not moved (the streams it moves are checked by moving them).
    /// </summary>
    public IReadOnlyList<(Guid Id, long Version)> CachedReads =>
        _streams.Values.Where(s => s is { Cached: true, Used: true, Checked: false, Appended: false }).Select(s => (s.Id, s.ReadVersion))
            .Concat(_documentVersions.Where(d => d.Value is { Cached: true, Used: true }).Select(d => (d.Key.Item2, d.Value.Version)))
            .ToList();

    /// <summary>What the cache may keep once the batch's transaction has committed: each stream and document as the batch left it.</summary>
    public IEnumerable<SnapshotCache.Entry> Snapshots =>
        _streams.Values.Where(s => s.Kind.Remembered && s.State is not null).Select(s => new SnapshotCache.Entry(s.Id, s.Kind.Aggregate, s.Version, s.State!))
            .Concat(_documentVersions.Select(d => (d, State: _documents.GetValueOrDefault(d.Key))).Where(x => x.State is not null)
                .Select(x => new SnapshotCache.Entry(x.d.Key.Item2, x.d.Key.Item1, x.d.Value.Version, x.State!)));

    private async Task ReadStreamsAsync(NpgsqlDataReader reader, SetBasedStreams.Kind kind, Guid[] ids, CancellationToken ct)
    {
        var found = new HashSet<Guid>();
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            found.Add(id);
            // Archived, or a stream without its snapshot: Marten's way refuses or replays; this one would guess.
            if (reader.GetBoolean(2) || await reader.IsDBNullAsync(3, ct))
                _refused.TryAdd(id, $"Stream {id} is archived or has no {kind.Aggregate.Name} snapshot.");
            else _streams.TryAdd(id, new BatchStream(id, kind, reader.GetInt64(1), _serializer.FromJson(kind.Aggregate, reader, 3)));
        }
        foreach (var id in ids.Where(i => !found.Contains(i) && !_refused.ContainsKey(i))) _streams.TryAdd(id, new BatchStream(id, kind, 0, null));
    }

    private async Task ReadDocumentsAsync(NpgsqlDataReader reader, Type type, Guid[] ids, CancellationToken ct)
    {
        foreach (var id in ids) _documents.TryAdd((type, id), null);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetGuid(0);
            _documents[(type, id)] = _serializer.FromJson(type, reader, 1);
            if (!await reader.IsDBNullAsync(2, ct)) _documentVersions[(type, id)] = (reader.GetInt64(2), Cached: false, Used: false);
        }
    }

    /// <summary>The streams and documents a plan names.</summary>
    private sealed class PlanReader : IPrefetchTarget
    {
        public readonly List<(Type Type, Guid Id)> Writing = [];
        public readonly List<(Type Type, Guid Id)> Reading = [];
        public void ForWriting<T>(Guid streamId) where T : class => Writing.Add((typeof(T), streamId));
        public void Read<T>(Guid streamId) where T : class => Reading.Add((typeof(T), streamId));
    }
}

/// <summary>An event decided in a set-based batch, with the metadata Marten's session would have given it.</summary>
internal sealed record StagedEvent(Guid Id, Guid StreamId, long Version, object Data, string TypeName, string DotNetType,
    string? CausationId, string CorrelationId, string Headers);

/// <summary>A journal entry an event of the batch stands for.</summary>
internal sealed record StagedEntry(Domain.Accounting.JournalEntry Entry, Guid StreamId, Guid EventId);
