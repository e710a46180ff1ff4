using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ledger.Bench.FacePay;

/// <summary>
/// A thread at real-time priority (<c>SCHED_FIFO</c>) that sleeps 5 ms at a time and notes every wake-up more than 15 ms
/// late. Nothing in the machine outranks it, so a late wake-up is the machine itself not running (its host stopping it),
/// not load: the bench lines the tail's payments up against these stops (docs/BENCHMARKS.md, "Sixteen runs with the
/// frames decoded faster"). Without the privilege (not root) it runs at normal priority and says so, and its stops then
/// include waiting for the cores.
/// </summary>
internal sealed class StallProbe : IDisposable
{
    /// <summary>A wake-up <paramref name="LateMs"/> late, at <paramref name="EndedUtc"/>.</summary>
    public readonly record struct Stop(DateTime EndedUtc, double LateMs)
    {
        public DateTime StartedUtc => EndedUtc.AddMilliseconds(-LateMs);
    }

    private const int SleepMs = 5;
    private const double NotedOverMs = 15;
    private readonly ConcurrentQueue<Stop> _stops = new();
    private readonly Thread _thread;
    private volatile bool _running = true;
    private volatile bool _realTime;

    private StallProbe()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "stall probe" };
        _thread.Start();
    }

    public static StallProbe Start() => new();

    /// <summary>Whether the system granted the real-time priority.</summary>
    public bool RealTime => _realTime;

    /// <summary>The stops that overlap the time from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public IReadOnlyList<Stop> Between(DateTime from, DateTime to) =>
        [.. _stops.Where(s => s.EndedUtc >= from && s.StartedUtc <= to)];

    /// <summary>Milliseconds of stops that overlap the <paramref name="ms"/> after <paramref name="sentUtc"/>.</summary>
    public double StoppedDuring(DateTime sentUtc, double ms)
    {
        var end = sentUtc.AddMilliseconds(ms);
        return _stops.Sum(s => Math.Max(0, (Min(s.EndedUtc, end) - Max(s.StartedUtc, sentUtc)).TotalMilliseconds));
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private void Run()
    {
        var fifo = new SchedParam { Priority = 50 };
        _realTime = sched_setscheduler(0, SchedFifo, ref fifo) == 0;
        while (_running)
        {
            var start = Stopwatch.GetTimestamp();
            Thread.Sleep(SleepMs);
            var late = Stopwatch.GetElapsedTime(start).TotalMilliseconds - SleepMs;
            if (late > NotedOverMs)
                _stops.Enqueue(new Stop(DateTime.UtcNow, late));
        }
    }

    public void Dispose()
    {
        _running = false;
        _thread.Join();
    }

    private const int SchedFifo = 1;

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    // pid 0: the calling thread (Linux schedules threads, and this call applies to the one that makes it).
    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setscheduler(int pid, int policy, ref SchedParam param);
}
