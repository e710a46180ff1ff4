using Ledger.Domain.Application;

namespace Ledger.Infrastructure.EventStore.GroupCommit.SetBased;

/// <summary>
/// One command's session inside a set-based batch: it reads what the batch loaded (and what the commands decided before
/// it left), and its commit hands what it appended to the batch, which writes every command's together. Anything the
/// batch cannot write throws <see cref="NotBatchable"/> and the command goes Marten's way.
/// </summary>
internal sealed class SetBasedSession(SetBasedBatch batch, CommandContext context) : ILedgerSession
{
    // In the order loaded: Marten writes a command's events stream by stream in that order.
    private readonly OrderedDictionary<Guid, BatchStream> _loaded = [];
    private readonly List<(Guid Stream, SetBasedStreams.Kind Kind, IReadOnlyCollection<object> Events)> _appends = [];
    private IdempotencyRecord? _record;

    // The batch loaded every command's plan with the idempotency records before the first was decided.
    public Task PrefetchAsync(string idempotencyKey, Prefetch plan, CancellationToken ct) => Task.CompletedTask;

    public Task<IdempotencyRecord?> FindIdempotencyAsync(string key, CancellationToken ct) => batch.FindIdempotencyAsync(key, ct);

    public async Task<T?> LoadForWritingAsync<T>(Guid streamId, CancellationToken ct) where T : class
    {
        var kind = SetBasedStreams.WritableKind(typeof(T)) ?? throw new NotBatchable($"{typeof(T).Name} streams are written by Marten.");
        var stream = await batch.StreamAsync(kind, streamId, ct);
        _loaded.TryAdd(streamId, stream);
        return (T?)stream.State;
    }

    public async Task<T?> ReadAsync<T>(Guid streamId, CancellationToken ct) where T : class
    {
        if (SetBasedStreams.WritableKind(typeof(T)) is { } kind) return (T?)(await batch.StreamAsync(kind, streamId, ct)).State;
        if (!SetBasedStreams.CanRead(typeof(T))) throw new NotBatchable($"{typeof(T).Name} documents are read by Marten.");
        return (T?)await batch.DocumentAsync(typeof(T), streamId, ct);
    }

    public void Append<T>(Guid streamId, IReadOnlyCollection<object> events) where T : class =>
        _appends.Add((streamId, SetBasedStreams.WritableKind(typeof(T)) ?? throw new NotBatchable($"{typeof(T).Name} streams are written by Marten."),
            events));

    public void Record(IdempotencyRecord record)
    {
        AnswerReference.Check(record, stream => _appends.Exists(a => a.Stream == stream && a.Events.Count > 0));
        _record = record;
    }

    // Replays are rare, and the events referred to may be this batch's own, not written yet: Marten's way reads them.
    public Task<object?> StateAsAnsweredAsync(Type state, Guid streamId, string idempotencyKey, CancellationToken ct) =>
        throw new NotBatchable("An answer recorded by reference is folded from its stream by Marten's way.");

    public void Enlist(ISideWrite write) => throw new NotBatchable($"A {write.GetType().Name} is written by Marten's unit of work.");

    public Task CommitAsync(CancellationToken ct)
    {
        batch.Stage(context, _loaded, _appends, _record);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
