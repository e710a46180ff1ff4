using System.Diagnostics;

namespace Ledger.Bench.Vision;

/// <summary>Timing and memory helpers: medians after warm-up, resident memory from /proc.</summary>
internal static class Measure
{
    public static List<double> SamplesMs(int warmup, int iterations, Action body) =>
        Samples(warmup, iterations, () =>
        {
            var clock = Stopwatch.StartNew();
            body();
            return clock.Elapsed.TotalMilliseconds;
        });

    /// <summary>Runs <paramref name="sample"/> warm-up + iterations times and keeps the measured samples.</summary>
    public static List<double> Samples(int warmup, int iterations, Func<double> sample)
    {
        var samples = new List<double>();
        for (var i = 0; i < warmup + iterations; i++)
        {
            var value = sample();
            if (i >= warmup)
                samples.Add(value);
        }
        return samples;
    }

    public static double Min(IReadOnlyCollection<double> values) => Math.Round(values.Min(), 2);

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return Math.Round(sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, 2);
    }

    /// <summary>Current resident memory (VmRSS) in MiB.</summary>
    public static long ResidentMb() => StatusKb("VmRSS:") / 1024;

    /// <summary>Peak resident memory of this process so far (VmHWM) in MiB.</summary>
    public static long PeakResidentMb() => StatusKb("VmHWM:") / 1024;

    private static long StatusKb(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(new string(line.Where(char.IsDigit).ToArray()));
    }
}
