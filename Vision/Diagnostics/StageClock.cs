using System.Diagnostics;

namespace Ledger.Vision.Diagnostics;

/// <summary>
/// Times consecutive stages of one image: each stage is a span (<see cref="VisionActivities"/>), a lap of one clock and a
/// sample of <see cref="VisionMetrics.StageDuration"/>. Disposing ends the open stage's span (a refused image or a
/// cancelled run ends it too) without recording it.
/// </summary>
internal sealed class StageClock : IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string? _stage;
    private Activity? _span;

    public StageClock(string first)
    {
        _stage = first;
        _span = VisionActivities.Stage(first);
    }

    /// <summary>Ends the open stage and starts <paramref name="next"/> (none after the last); returns the ended stage's milliseconds.</summary>
    public double Next(string? next)
    {
        _span?.Dispose();
        var ms = _clock.Elapsed.TotalMilliseconds;
        _clock.Restart();
        if (_stage is not null) VisionMetrics.StageDuration.Record(ms, new KeyValuePair<string, object?>("stage", _stage));
        _stage = next;
        _span = next is null ? null : VisionActivities.Stage(next);
        return ms;
    }

    public void Dispose() => _span?.Dispose();
}
