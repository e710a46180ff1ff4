using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Ledger.Vision.Inference;

/// <summary>
/// Threads of their own for the network runs, at a lower CPU priority (a higher nice value) than the rest of the
/// process. A run is milliseconds of arithmetic that may wait; a request's edge, a ledger commit and PostgreSQL's
/// backends are short and latency-bound, and on cores shared with the networks they waited behind whole runs: at 4 tills
/// on 2 cores the ledger stage's p99 was 58-141 ms against a p50 of 13 (docs/VISION.md, "Networks at a lower priority").
/// A caller hands its run over and waits for it, so it occupies its own thread as long as before. ONNX Runtime's
/// intra-op threads are started by the thread that creates a session and inherit its nice value, so sessions are
/// created here too (<see cref="Run{T}"/>).
/// </summary>
public sealed class NetworkThreads : IDisposable
{
    private readonly BlockingCollection<WorkItem> _work = new();
    private readonly Thread[] _threads;
    private int _refused;

    [ThreadStatic] private static bool _onNetworkThread;
    [ThreadStatic] private static ManualResetEventSlim? _callerDone;

    /// <summary>Starts <paramref name="count"/> threads at nice value <paramref name="nice"/>.</summary>
    public NetworkThreads(int count, int nice)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(nice);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nice, 19);
        Nice = nice;
        _threads = new Thread[count];
        for (var i = 0; i < count; i++)
        {
            _threads[i] = new Thread(Serve) { IsBackground = true, Name = $"Ledger vision network {i + 1}" };
            _threads[i].Start();
        }
    }

    /// <summary>The nice value asked for.</summary>
    public int Nice { get; }

    /// <summary>Threads the system did not let lower (they run at the process's priority, as without these threads).</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Runs <paramref name="work"/> on one of the threads and returns its result or throws its exception.</summary>
    public T Run<T>(Func<T> work)
    {
        // A run started from a run (a session created during one) must not wait for a thread it may be holding.
        if (_onNetworkThread) return work();
        var done = _callerDone ??= new ManualResetEventSlim(false, spinCount: 1);
        done.Reset();
        var item = new WorkItem<T>(work, done);
        _work.Add(item);
        done.Wait();
        return item.Result();
    }

    private void Serve()
    {
        _onNetworkThread = true;
        if (!ThreadNice.TrySet(Nice)) Interlocked.Increment(ref _refused);
        try
        {
            foreach (var item in _work.GetConsumingEnumerable()) item.Execute();
        }
        catch (ObjectDisposedException)
        {
            // Disposed while waiting for work: nothing was taken, nothing is lost.
        }
    }

    /// <summary>Takes no more work; the threads end once the queue is empty.</summary>
    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (var thread in _threads) thread.Join(TimeSpan.FromSeconds(10));
        _work.Dispose();
    }

    private abstract class WorkItem
    {
        public abstract void Execute();
    }

    private sealed class WorkItem<T>(Func<T> work, ManualResetEventSlim done) : WorkItem
    {
        private T? _result;
        private ExceptionDispatchInfo? _error;

        public override void Execute()
        {
            try
            {
                _result = work();
            }
            catch (Exception e)
            {
                _error = ExceptionDispatchInfo.Capture(e);
            }
            done.Set();
        }

        public T Result()
        {
            _error?.Throw();
            return _result!;
        }
    }
}
