namespace Ledger.Bench.FacePay;

/// <summary>Nearest-rank percentiles of a set of milliseconds.</summary>
internal sealed class Percentiles
{
    private readonly double[] _sorted;

    public Percentiles(IEnumerable<double> values) => _sorted = values.Order().ToArray();

    public int Count => _sorted.Length;

    public double? At(double percent) =>
        _sorted.Length == 0 ? null : Math.Round(_sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)], 1);

    public Dictionary<string, double?> Summary() => new()
    {
        ["min"] = _sorted.Length == 0 ? null : Math.Round(_sorted[0], 1), ["p50"] = At(50), ["p90"] = At(90), ["p99"] = At(99), ["max"] = _sorted.Length == 0 ? null : Math.Round(_sorted[^1], 1),
    };
}
