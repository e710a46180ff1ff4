using Ledger.Domain.Application;

namespace Ledger.Infrastructure.EventStore.GroupCommit;

/// <summary>One command's work waiting for a writer, and the caller waiting for its answer.</summary>
internal interface IQueuedCommand
{
    CommandContext Context { get; }
    /// <summary>What the work announced it will load; null when it announced nothing.</summary>
    Prefetch? Plan { get; }
    CancellationToken CallerToken { get; }
    Task RunAsync(ILedgerSession session, CancellationToken ct);
    /// <summary>The shared transaction committed: the caller gets what its work returned.</summary>
    void Committed();
    void Failed(Exception error);
}

internal sealed class QueuedCommand<T>(CommandContext context, Prefetch? plan, Func<ILedgerSession, CancellationToken, Task<T>> work,
    CancellationToken callerToken)
    : IQueuedCommand
{
    // Callers continue on the thread pool, never inline on the writer that completes them.
    private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public CommandContext Context => context;
    public Prefetch? Plan => plan;
    public CancellationToken CallerToken => callerToken;
    public Task<T> Answer => _answer.Task;

    public async Task RunAsync(ILedgerSession session, CancellationToken ct) => _result = await work(session, ct);

    public void Committed() => _answer.TrySetResult(_result!);

    public void Failed(Exception error) => _answer.TrySetException(error);
}
