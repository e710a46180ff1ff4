namespace Ledger.Bench.FacePay;

/// <summary>
/// What one side of the comparison measured. The rate and the percentiles count successful work only (an authorized
/// payment, a verification that matched); every other answer is listed under outcomes and fails the bench.
/// </summary>
internal sealed record Side(
    int Requests, int Failed, double Seconds, double PerSecond, Dictionary<string, double?> EndToEndMs, Dictionary<string, int> Outcomes,
    Dictionary<string, double?>? VisionMs, Dictionary<string, double?>? LedgerMs, Dictionary<string, double?>? RestMs)
{
    public static bool Succeeded(Sample sample) => sample.Outcome is "authorized" or "match";

    public static Side Of((IReadOnlyList<Sample> Samples, double Seconds) run)
    {
        var (all, seconds) = run;
        var samples = all.Where(Succeeded).ToList();
        var split = samples.Where(s => s is { VisionMs: not null, LedgerMs: not null }).ToList();
        return new Side(all.Count, all.Count - samples.Count, Math.Round(seconds, 1), Math.Round(samples.Count / seconds, 1),
            new Percentiles(samples.Select(s => s.Ms)).Summary(),
            all.GroupBy(s => s.Outcome).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
            split.Count == 0 ? null : new Percentiles(split.Select(s => s.VisionMs!.Value)).Summary(),
            split.Count == 0 ? null : new Percentiles(split.Select(s => s.LedgerMs!.Value)).Summary(),
            // Everything outside the server's two stopwatches: HTTP both ways, JSON and base64, the signature check.
            split.Count == 0 ? null : new Percentiles(split.Select(s => s.Ms - s.VisionMs!.Value - s.LedgerMs!.Value)).Summary());
    }
}
