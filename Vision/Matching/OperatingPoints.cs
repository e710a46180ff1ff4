using Ledger.Vision.Embedding;

namespace Ledger.Vision.Matching;

/// <summary>
/// Chooses a recognizer's threshold from labelled pairs for a per-comparison false-accept target. A finite set
/// cannot show a small rate: with zero false accepts in N impostor pairs the 95% upper bound is about 3/N (the
/// rule of three), so 700 pairs bound the rate at 0.43%, not 1e-4. The threshold therefore takes the stricter of
/// (a) just under the closest impostor pair (nothing observed is accepted) and (b) the target's quantile of a
/// normal distribution fitted to the impostor distances (an extrapolation of the tail, stated as such).
/// </summary>
public static class OperatingPoints
{
    /// <summary>The operating point for <paramref name="target"/>, rounded down to 0.001.</summary>
    public static OperatingPoint Choose(IReadOnlyCollection<float> genuine, IReadOnlyCollection<float> impostor, double target, string evidence)
    {
        if (genuine.Count == 0 || impostor.Count < 2)
            throw new ArgumentException("Need genuine pairs and at least two impostor pairs.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(target);
        var mean = impostor.Average(d => (double)d);
        var sd = Math.Sqrt(impostor.Sum(d => (d - mean) * (d - mean)) / (impostor.Count - 1));
        var tail = mean - NormalQuantileAbove(target) * sd;
        var closest = impostor.Min();
        // Rounded down, so the threshold stays strictly under the closest impostor pair.
        var threshold = Math.Floor(Math.Min(tail, closest - 1e-4) * 1000) / 1000;
        var falseAccepts = impostor.Count(d => d <= threshold);
        return new OperatingPoint(threshold, target,
            $"min(closest impostor - 1e-4, impostor mean - z({target:G2}) sd of a normal fit), rounded down to 0.001",
            genuine.Count, impostor.Count, falseAccepts, UpperBound95(falseAccepts, impostor.Count),
            (double)genuine.Count(d => d <= threshold) / genuine.Count, evidence);
    }

    /// <summary>
    /// One-sided 95% upper bound of a rate with <paramref name="observed"/> events in <paramref name="n"/> trials
    /// (Clopper-Pearson); for zero events it is 1 - 0.05^(1/n), about 3/n.
    /// </summary>
    public static double UpperBound95(int observed, int n)
    {
        if (observed >= n)
            return 1;
        double lo = (double)observed / n, hi = 1;
        for (var i = 0; i < 100; i++)
        {
            var p = (lo + hi) / 2;
            if (BinomialCdf(observed, n, p) > 0.05) lo = p; else hi = p;
        }
        return hi;
    }

    private static double BinomialCdf(int k, int n, double p)
    {
        double sum = 0, logTerm = n * Math.Log(1 - p); // P(X = 0)
        for (var i = 0; i <= k; i++)
        {
            sum += Math.Exp(logTerm);
            logTerm += Math.Log((double)(n - i) / (i + 1)) + Math.Log(p / (1 - p));
        }
        return sum;
    }

    /// <summary>z with P(Z &gt; z) = <paramref name="tail"/> for a standard normal, by bisection.</summary>
    public static double NormalQuantileAbove(double tail)
    {
        double lo = -10, hi = 10;
        for (var i = 0; i < 100; i++)
        {
            var z = (lo + hi) / 2;
            if (UpperTail(z) > tail) lo = z; else hi = z;
        }
        return (lo + hi) / 2;
    }

    // P(Z > z) = erfc(z / sqrt 2) / 2, erfc by Numerical Recipes' Chebyshev fit (relative error < 1.2e-7).
    private static double UpperTail(double z)
    {
        var x = z / Math.Sqrt(2);
        var t = 1 / (1 + 0.5 * Math.Abs(x));
        var erfc = t * Math.Exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return (x >= 0 ? erfc : 2 - erfc) / 2;
    }
}
