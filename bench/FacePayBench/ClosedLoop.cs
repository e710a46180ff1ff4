using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ledger.Bench.FacePay;

/// <summary>
/// One measured call: end-to-end milliseconds, the outcome, and the server's split (and its stages) when it gave one; for
/// a challenged payment also the challenge request's share of the time and the sequence sent; and the second of its
/// round it was sent in (so a tail can be told apart from the round's start, when the service may still be working off
/// the round before), and the wall-clock time it was sent (to line a tail up with what else the machine did then).
/// </summary>
internal sealed record Sample(double Ms, string Outcome, double? VisionMs = null, double? LedgerMs = null, IReadOnlyDictionary<string, double>? Stages = null,
    double? ChallengeMs = null, string? Sequence = null, double? StartS = null, DateTime? SentUtc = null);

/// <summary>
/// Closed-loop load: each client sends its next call as soon as the previous answer is in, for a fixed time.
/// One client keeps one request in flight, which is "one core's worth" of load on a single-request pipeline.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<(IReadOnlyList<Sample> Samples, double Seconds)> RunAsync(int clients, TimeSpan duration, Func<Task<Sample>> call)
    {
        var samples = new ConcurrentBag<Sample>();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            while (watch.Elapsed < duration)
            {
                var start = watch.Elapsed.TotalSeconds;
                var sent = DateTime.UtcNow;
                samples.Add(await call() with { StartS = start, SentUtc = sent });
            }
        })));
        return (samples.ToList(), watch.Elapsed.TotalSeconds);
    }

    /// <summary>Times one call.</summary>
    public static async Task<Sample> TimeAsync(Func<Task<(string Outcome, double? VisionMs, double? LedgerMs)>> call)
    {
        var clock = Stopwatch.StartNew();
        var (outcome, vision, ledger) = await call();
        return new Sample(clock.Elapsed.TotalMilliseconds, outcome, vision, ledger);
    }
}
