namespace Ledger.Domain.Application;

/// <summary>
/// The application's port to the event store. Marten implements it today; an EventStoreDB/KurrentDB
/// adapter can implement it later without touching the use cases.
/// </summary>
public interface ILedgerStore
{
    ILedgerSession OpenSession(CommandContext context);

    /// <summary>
    /// Runs one command's work in a session of its own and commits what it appended: in a transaction of its own, or,
    /// where the store groups commits, in one shared with other commands' work (each isolated from the others' failures,
    /// answered only after the shared commit). <paramref name="plan"/> announces what the work will load (it still calls
    /// <see cref="ILedgerSession.PrefetchAsync"/> itself): a store that groups commits partitions the work by the stream it
    /// writes first, so work on one stream is done in order by one writer, and may load the plans of many commands at once.
    /// </summary>
    /// <exception cref="ConcurrencyConflict">another writer changed a loaded stream first.</exception>
    /// <exception cref="IdempotencyKeyTaken">another request with the same key committed first.</exception>
    Task<T> RunAsync<T>(CommandContext context, Prefetch? plan, Func<ILedgerSession, CancellationToken, Task<T>> work, CancellationToken ct);
}

/// <summary>
/// One unit of work: load the streams to change (remembering their versions), append, commit once.
/// Every stream appended in one session commits atomically, and each loaded stream's version is
/// checked at commit (optimistic concurrency).
/// </summary>
public interface ILedgerSession : IAsyncDisposable
{
    /// <summary>Fetches the idempotency record and the announced streams together (see <see cref="Prefetch"/>).</summary>
    Task PrefetchAsync(string idempotencyKey, Prefetch plan, CancellationToken ct);

    Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken ct);

    /// <summary>Loads a stream's state for writing; <c>null</c> state when the stream does not exist yet.</summary>
    Task<T?> LoadForWritingAsync<T>(Guid streamId, CancellationToken ct) where T : class;

    /// <summary>Reads another stream's current state without taking part in the concurrency check.</summary>
    Task<T?> ReadAsync<T>(Guid streamId, CancellationToken ct) where T : class;

    /// <summary>
    /// Appends to a stream loaded in this session, or starts a new one (which must not exist). Appending
    /// no events to a loaded stream still checks its version at commit: a decision read it.
    /// </summary>
    void Append<T>(Guid streamId, IReadOnlyCollection<object> events) where T : class;

    /// <summary>
    /// Records the command's answer under its key. A record answered by reference (<see cref="IdempotencyRecord.AnswerStream"/>)
    /// must name a stream this session appended events to.
    /// </summary>
    /// <exception cref="InvalidOperationException">the record refers to a stream this session appended nothing to.</exception>
    void Record(IdempotencyRecord record);

    /// <summary>
    /// The state of <paramref name="streamId"/> as a <paramref name="state"/> through the last event appended under
    /// <paramref name="idempotencyKey"/>, later events left out: the answer a record made by reference stands for. Null
    /// when no event of the stream carries the key.
    /// </summary>
    Task<object?> StateAsAnsweredAsync(Type state, Guid streamId, string idempotencyKey, CancellationToken ct);

    /// <summary>Writes something that is not an event (an encrypted template, a destroyed key) in the same commit.</summary>
    /// <exception cref="ArgumentException">The store adapter does not know this kind of write.</exception>
    void Enlist(ISideWrite write);

    /// <exception cref="ConcurrencyConflict">another writer changed a loaded stream first.</exception>
    /// <exception cref="IdempotencyKeyTaken">another request with the same key committed first.</exception>
    Task CommitAsync(CancellationToken ct);
}

/// <summary>
/// A write outside the event streams that must commit atomically with them; the store adapter knows how to
/// perform the concrete kinds it is given. The domain only passes them through.
/// </summary>
public interface ISideWrite;
