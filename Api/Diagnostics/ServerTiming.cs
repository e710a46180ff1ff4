using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ledger.Vision.Diagnostics;

namespace Ledger.Api.Diagnostics;

/// <summary>
/// Adds up the spans of each request (the vision stages of every frame, the ledger's commit) so that its answer can
/// carry them in a <c>Server-Timing</c> header (W3C Server Timing): how a benchmark sees where a payment's time went
/// without a tracing back end. On only with <c>Diagnostics:ServerTiming</c> (the benchmarks set it); off, nothing
/// listens to the spans and they cost nothing.
/// </summary>
public sealed class ServerTiming : IDisposable
{
    private readonly ConcurrentDictionary<ActivityTraceId, StageTotals> _open = new();
    private readonly ActivityListener _listener;

    public ServerTiming()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is VisionActivities.SourceName or ApiActivities.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName != ApiActivities.Request && _open.TryGetValue(activity.TraceId, out var totals))
                    totals.Add(activity.OperationName, activity.Duration);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Starts adding up the spans of the trace <paramref name="trace"/>.</summary>
    public StageTotals Open(ActivityTraceId trace) => _open[trace] = new StageTotals();

    public void Close(ActivityTraceId trace) => _open.TryRemove(trace, out _);

    public void Dispose() => _listener.Dispose();
}

/// <summary>Time per stage within one request, summed over its frames, in the order the stages first ended.</summary>
public sealed class StageTotals
{
    private readonly List<(string Stage, TimeSpan Total, int Count)> _stages = [];

    public void Add(string stage, TimeSpan duration)
    {
        lock (_stages)
        {
            var i = _stages.FindIndex(s => s.Stage == stage);
            if (i < 0) _stages.Add((stage, duration, 1));
            else _stages[i] = (stage, _stages[i].Total + duration, _stages[i].Count + 1);
        }
    }

    /// <summary><c>decode;dur=12.3;desc="3", detect;dur=…</c>: milliseconds, and how many spans made each (frames).</summary>
    public string Header()
    {
        lock (_stages)
        {
            var header = new StringBuilder();
            foreach (var (stage, total, count) in _stages)
            {
                if (header.Length > 0) header.Append(", ");
                header.Append(CultureInfo.InvariantCulture, $"{stage};dur={total.TotalMilliseconds:0.###};desc=\"{count}\"");
            }
            return header.ToString();
        }
    }
}
