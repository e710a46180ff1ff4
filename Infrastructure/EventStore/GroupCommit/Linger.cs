using System.Diagnostics;

namespace Ledger.Infrastructure.EventStore.GroupCommit;

/// <summary>
/// Whether a writer that found commands queued waits a little for more before it takes them. The callers its last
/// transaction answered usually send their next command within microseconds; taking the first that arrives would split
/// them into two transactions that alternate from then on, each paying the round trips and statements of a transaction
/// for half the commands. So it waits while fewer are queued than that transaction answered (at most a batch), until
/// <see cref="GroupCommitOptions.LingerMicroseconds"/> after it answered them: never after an idle spell, and never
/// for a lone caller.
/// </summary>
public readonly record struct Linger(int Expected, long Deadline)
{
    public static Linger After(int answered, long answeredAt, GroupCommitOptions options) =>
        new(Math.Min(answered, options.MaxBatch), answeredAt + options.LingerMicroseconds * Stopwatch.Frequency / 1_000_000);

    public bool Waits(int queued, long now) => queued < Expected && now < Deadline;
}
