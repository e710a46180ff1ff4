namespace Ledger.Vision.Inference;

/// <summary>
/// The network runs executing in this process, over all models. A run that starts alone may spread over every core; one
/// that starts beside others takes one core, because on a busy machine the threads of parallel runs only take turns on
/// the same cores and pay for the hand-offs (docs/VISION.md, "Threads by load").
/// </summary>
public sealed class RunsInFlight
{
    private int _count;

    /// <summary>Runs executing now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Counts a run in until the returned scope ends; <c>Alone</c> is whether no other run was executing.</summary>
    public Scope Enter() => new(this, Interlocked.Increment(ref _count) == 1);

    /// <summary>One run's share of the count.</summary>
    public readonly struct Scope(RunsInFlight owner, bool alone) : IDisposable
    {
        /// <summary>Whether no other run was executing when this one started.</summary>
        public bool Alone { get; } = alone;

        /// <inheritdoc />
        public void Dispose() => Interlocked.Decrement(ref owner._count);
    }
}
