using Ledger.Vision.Embedding;

namespace Ledger.Vision.Matching;

/// <summary>1:1 verification and 1:N identification with a distance threshold and a runner-up margin.</summary>
public sealed class FaceMatcher
{
    /// <summary>Creates a matcher.</summary>
    /// <param name="threshold">Distance at or under which descriptors match (face-api.js: 0.6).</param>
    /// <param name="margin">Lead the best identity needs over the runner-up in 1:N.</param>
    /// <param name="metric">How descriptors are compared: the recognition model's metric.</param>
    public FaceMatcher(float threshold = 0.6f, float margin = 0.05f, DistanceMetric metric = DistanceMetric.Euclidean)
    {
        Metric = metric;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threshold);
        ArgumentOutOfRangeException.ThrowIfNegative(margin);
        Threshold = threshold;
        Margin = margin;
    }

    /// <summary>The distance threshold.</summary>
    public float Threshold { get; }

    /// <summary>The 1:N margin.</summary>
    public float Margin { get; }

    /// <summary>The distance metric.</summary>
    public DistanceMetric Metric { get; }

    /// <summary>The distance between two templates of the same model under <see cref="Metric"/>.</summary>
    /// <exception cref="ModelMismatchException">They come from different models.</exception>
    public float Distance(FaceTemplate a, FaceTemplate b) => FaceDistance.Between(a, b, Metric);

    /// <summary>Compares a probe with one enrolled template.</summary>
    /// <exception cref="ModelMismatchException">They come from different models.</exception>
    public VerificationMatch Verify(FaceTemplate probe, FaceTemplate template)
    {
        var distance = Distance(probe, template);
        var decision = distance <= Threshold ? MatchDecision.Match : MatchDecision.NoMatch;
        return new VerificationMatch(decision, distance, FaceDistance.Score(distance, Threshold), Threshold, probe.ModelKey);
    }

    /// <summary>
    /// Finds the probe's identity among the candidates. Each identity counts once, by its closest template;
    /// the nearest must be within the threshold and beat the runner-up identity by the margin.
    /// </summary>
    /// <exception cref="ModelMismatchException">A candidate template comes from another model.</exception>
    public IdentificationMatch Identify(FaceTemplate probe, IEnumerable<Candidate> candidates)
    {
        var nearestById = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var c in candidates)
        {
            var d = Distance(probe, c.Template);
            if (!nearestById.TryGetValue(c.Id, out var current) || d < current)
                nearestById[c.Id] = d;
        }
        var ranked = nearestById.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(2).ToList();
        if (ranked.Count == 0)
            return new IdentificationMatch(MatchDecision.NoMatch, null, float.PositiveInfinity, 0, Threshold, Margin, null, float.PositiveInfinity, probe.ModelKey);

        var (bestId, best) = (ranked[0].Key, ranked[0].Value);
        var (runnerUpId, runnerUp) = ranked.Count > 1 ? (ranked[1].Key, ranked[1].Value) : (null, float.PositiveInfinity);
        var decision = best > Threshold ? MatchDecision.NoMatch
            : runnerUp - best < Margin ? MatchDecision.Ambiguous
            : MatchDecision.Match;
        return new IdentificationMatch(decision, decision == MatchDecision.NoMatch ? null : bestId, best,
            FaceDistance.Score(best, Threshold), Threshold, Margin, runnerUpId, runnerUp, probe.ModelKey);
    }
}
