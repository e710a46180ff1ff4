using System.Globalization;

namespace Ledger.Bench.FacePay;

/// <summary>Reads the service's <c>Server-Timing</c> answer header (on with <c>Diagnostics:ServerTiming</c>): milliseconds per stage.</summary>
internal static class ServerTimingHeader
{
    /// <summary>The vision stages, as the service names its spans (Ledger.Vision).</summary>
    public static readonly string[] VisionStages = ["decode", "detect", "landmarks", "align", "embed", "pad", "match"];

    public static Dictionary<string, double> Parse(HttpResponseMessage response)
    {
        var stages = new Dictionary<string, double>();
        if (!response.Headers.TryGetValues("Server-Timing", out var values)) return stages;
        foreach (var entry in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var parts = entry.Split(';', StringSplitOptions.TrimEntries);
            var duration = parts.Skip(1).FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal));
            if (duration is not null) stages[parts[0]] = double.Parse(duration[4..], CultureInfo.InvariantCulture);
        }
        return stages;
    }
}
