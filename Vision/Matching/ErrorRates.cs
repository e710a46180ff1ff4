namespace Ledger.Vision.Matching;

/// <summary>Accuracy of a distance threshold over labelled genuine (same person) and impostor pairs.</summary>
/// <param name="Genuine">Number of genuine pairs.</param>
/// <param name="Impostor">Number of impostor pairs.</param>
/// <param name="EqualErrorRate">
/// The smallest value of max(FAR, FRR) over all thresholds: where the two error curves cross, taken
/// on the conservative side since with finite sets they rarely meet exactly.
/// </param>
/// <param name="EqualErrorThreshold">A threshold achieving <see cref="EqualErrorRate"/>.</param>
/// <param name="Threshold">The configured threshold evaluated below.</param>
/// <param name="TrueAcceptRate">Genuine pairs at or under <see cref="Threshold"/>.</param>
/// <param name="FalseAcceptRate">Impostor pairs at or under <see cref="Threshold"/>.</param>
/// <param name="TrueAcceptRateAtZeroFalseAccepts">Genuine pairs strictly closer than the closest impostor pair.</param>
/// <param name="ClosestImpostor">Smallest impostor distance.</param>
/// <param name="FarthestGenuine">Largest genuine distance.</param>
public sealed record ErrorRates(
    int Genuine, int Impostor, double EqualErrorRate, float EqualErrorThreshold, float Threshold,
    double TrueAcceptRate, double FalseAcceptRate, double TrueAcceptRateAtZeroFalseAccepts,
    float ClosestImpostor, float FarthestGenuine)
{
    /// <summary>Computes the rates from the two distance lists.</summary>
    public static ErrorRates Compute(IReadOnlyCollection<float> genuine, IReadOnlyCollection<float> impostor, float threshold)
    {
        if (genuine.Count == 0 || impostor.Count == 0)
            throw new ArgumentException("Need at least one genuine and one impostor distance.");
        var g = genuine.Order().ToArray();
        var i = impostor.Order().ToArray();

        // Candidate thresholds: every observed distance, plus one below all of them (accept nothing).
        var best = (rate: double.MaxValue, threshold: 0f);
        foreach (var t in g.Concat(i).Append(-1f).Distinct())
        {
            var far = (double)CountAtOrBelow(i, t) / i.Length;
            var frr = 1.0 - (double)CountAtOrBelow(g, t) / g.Length;
            var rate = Math.Max(far, frr);
            if (rate < best.rate || (rate == best.rate && t < best.threshold))
                best = (rate, t);
        }

        var closestImpostor = i[0];
        return new ErrorRates(g.Length, i.Length, best.rate, best.threshold, threshold,
            (double)CountAtOrBelow(g, threshold) / g.Length,
            (double)CountAtOrBelow(i, threshold) / i.Length,
            (double)g.Count(d => d < closestImpostor) / g.Length,
            closestImpostor, g[^1]);
    }

    private static int CountAtOrBelow(float[] sorted, float t)
    {
        // Upper bound: index of the first element greater than t.
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] <= t) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
