namespace Ledger.Bench.FacePay;

/// <summary>What one side of the comparison measured: calls, rate, end-to-end percentiles, outcomes, and the server's split when it reported one.</summary>
internal sealed record Side(
    int Requests, double Seconds, double PerSecond, Dictionary<string, double?> EndToEndMs, Dictionary<string, int> Outcomes,
    Dictionary<string, double?>? VisionMs, Dictionary<string, double?>? LedgerMs, Dictionary<string, double?>? RestMs)
{
    public static Side Of((IReadOnlyList<Sample> Samples, double Seconds) run)
    {
        var (samples, seconds) = run;
        var split = samples.Where(s => s is { VisionMs: not null, LedgerMs: not null }).ToList();
        return new Side(samples.Count, Math.Round(seconds, 1), Math.Round(samples.Count / seconds, 1),
            new Percentiles(samples.Select(s => s.Ms)).Summary(),
            samples.GroupBy(s => s.Outcome).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
            split.Count == 0 ? null : new Percentiles(split.Select(s => s.VisionMs!.Value)).Summary(),
            split.Count == 0 ? null : new Percentiles(split.Select(s => s.LedgerMs!.Value)).Summary(),
            // Everything outside the server's two stopwatches: HTTP both ways, JSON and base64, the signature check.
            split.Count == 0 ? null : new Percentiles(split.Select(s => s.Ms - s.VisionMs!.Value - s.LedgerMs!.Value)).Summary());
    }
}
