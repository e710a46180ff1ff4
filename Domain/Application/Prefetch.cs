namespace Ledger.Domain.Application;

/// <summary>
/// What a command is about to load, announced up front so the store can fetch it all in one round
/// trip. Purely an optimisation: loads that were not announced still work, one by one.
/// </summary>
public sealed class Prefetch
{
    private readonly List<Action<IPrefetchTarget>> _steps = [];
    private readonly List<(Type Type, Guid Id, long Version, object State)> _asRead = [];

    /// <summary>The first stream announced for writing: what a store that groups commits partitions the work by.</summary>
    public Guid? FirstWritten { get; private set; }

    /// <summary>
    /// The work loads only what is announced, appends events and records its answer: no side writes, nothing done outside
    /// the session. A store that groups commits may then decide it with others in memory and write them all at once.
    /// </summary>
    public bool EventsOnly { get; private set; }

    public Prefetch OnlyEvents()
    {
        EventsOnly = true;
        return this;
    }

    public Prefetch ForWriting<T>(Guid streamId) where T : class
    {
        FirstWritten ??= streamId;
        _steps.Add(target => target.ForWriting<T>(streamId));
        return this;
    }

    /// <summary>
    /// Announces a stream for writing with its state as the caller already read it (null: not read). Only a hint: a store
    /// that decides on it checks at write time that the stream is still at that version.
    /// </summary>
    public Prefetch ForWriting<T>(Guid streamId, StreamAsRead<T>? asRead) where T : class
    {
        ForWriting<T>(streamId);
        if (asRead is not null) _asRead.Add((typeof(T), streamId, asRead.Version, asRead.State));
        return this;
    }

    /// <summary>The streams announced with their state as the caller read it.</summary>
    public IReadOnlyList<(Type Type, Guid Id, long Version, object State)> AsRead => _asRead;

    public Prefetch Read<T>(Guid streamId) where T : class
    {
        _steps.Add(target => target.Read<T>(streamId));
        return this;
    }

    public void Visit(IPrefetchTarget target)
    {
        foreach (var step in _steps) step(target);
    }
}

/// <summary>Implemented by a store adapter to queue the announced loads.</summary>
public interface IPrefetchTarget
{
    void ForWriting<T>(Guid streamId) where T : class;
    void Read<T>(Guid streamId) where T : class;
}
