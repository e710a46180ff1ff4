using JasperFx;
using JasperFx.Events;
using Ledger.Domain.Application;
using Marten;
using Npgsql;

namespace Ledger.Infrastructure.EventStore;

internal sealed class MartenLedgerSession(IDocumentSession session) : ILedgerSession, IPrefetchTarget
{
    private readonly Dictionary<Guid, object> _loaded = [];
    private readonly HashSet<Guid> _written = [];
    private readonly HashSet<Guid> _appended = [];
    private readonly Dictionary<(Type, Guid), Task> _prefetched = [];
    private Marten.Services.BatchQuerying.IBatchedQuery? _batch;
    private Task<IdempotencyDocument?>? _idempotency;
    private string? _idempotencyKey;

    public async Task PrefetchAsync(string idempotencyKey, Prefetch plan, CancellationToken ct)
    {
        _batch = session.CreateBatchQuery();
        _idempotencyKey = idempotencyKey;
        _idempotency = _batch.Load<IdempotencyDocument>(idempotencyKey);
        plan.Visit(this);
        await _batch.Execute(ct);
        _batch = null;
    }

    void IPrefetchTarget.ForWriting<T>(Guid streamId) => _prefetched[(typeof(IEventStream<T>), streamId)] = _batch!.Events.FetchForWriting<T>(streamId);

    void IPrefetchTarget.Read<T>(Guid streamId) => _prefetched[(typeof(T), streamId)] = _batch!.Load<T>(streamId);

    public async Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken ct)
    {
        var doc = _idempotency is not null && _idempotencyKey == key
            ? await _idempotency
            : await session.LoadAsync<IdempotencyDocument>(key, ct);
        return doc?.ToRecord();
    }

    public async Task<T?> LoadForWritingAsync<T>(Guid streamId, CancellationToken ct) where T : class
    {
        var stream = _prefetched.Remove((typeof(IEventStream<T>), streamId), out var fetched)
            ? await (Task<IEventStream<T>>)fetched
            : await session.Events.FetchForWriting<T>(streamId, ct);
        _loaded[streamId] = stream;
        _written.Add(streamId);
        return stream.Aggregate;
    }

    public async Task<T?> ReadAsync<T>(Guid streamId, CancellationToken ct) where T : class =>
        _prefetched.Remove((typeof(T), streamId), out var fetched)
            ? await (Task<T>)fetched
            : await session.LoadAsync<T>(streamId, ct);

    /// <summary>The streams the command loaded for writing or appended to.</summary>
    public IReadOnlyCollection<Guid> Written => _written;

    public void Append<T>(Guid streamId, IReadOnlyCollection<object> events) where T : class
    {
        _written.Add(streamId);
        if (events.Count > 0) _appended.Add(streamId);
        if (_loaded.TryGetValue(streamId, out var loaded))
        {
            var stream = (IEventStream<T>)loaded;
            if (events.Count == 0) stream.AlwaysEnforceConsistency = true;
            else stream.AppendMany(events);
        }
        else if (events.Count > 0)
        {
            session.Events.StartStream<T>(streamId, events);
        }
    }

    public void Record(IdempotencyRecord record)
    {
        AnswerReference.Check(record, _appended.Contains);
        session.Insert(IdempotencyDocument.From(record));
    }

    public async Task<object?> StateAsAnsweredAsync(Type state, Guid streamId, string idempotencyKey, CancellationToken ct) =>
        AnswerReference.Fold(state, await session.Events.FetchStreamAsync(streamId, token: ct), idempotencyKey);

    public void Enlist(ISideWrite write)
    {
        if (write is not IMartenSideWrite marten)
            throw new ArgumentException($"The Marten store cannot perform a {write.GetType().Name}.", nameof(write));
        marten.WriteTo(session);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsLostRace(e))
        {
            throw new ConcurrencyConflict("A stream changed between load and commit.", e);
        }
        catch (Exception e) when (IsDuplicateKey(e))
        {
            throw new IdempotencyKeyTaken(session.GetHeader(EventHeaders.IdempotencyKey)?.ToString() ?? "", e);
        }
    }

    private static bool IsLostRace(Exception e) =>
        e is ConcurrencyException or ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException
        || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure }
        || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: var c }
            && c?.Contains("events", StringComparison.Ordinal) == true;

    private static bool IsDuplicateKey(Exception e) =>
        e is DocumentAlreadyExistsException
        || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public ValueTask DisposeAsync() => session.DisposeAsync();
}
