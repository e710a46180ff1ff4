using Ledger.Vision.Embedding;
using Ledger.Vision.Matching;
using Ledger.Vision.Verification;

namespace Ledger.Vision.Evaluation;

/// <summary>A scored pair of a labelled set.</summary>
public sealed record ScoredPair(LabelledImage A, LabelledImage B, float Distance)
{
    /// <summary>Same identity.</summary>
    public bool Genuine => A.Identity == B.Identity;
}

/// <summary>The outcome of comparing every pair of a labelled set.</summary>
/// <param name="Images">The images with how each face was found.</param>
/// <param name="Pairs">All C(n, 2) pairs.</param>
/// <param name="Rates">EER and accept rates.</param>
/// <param name="EmbedMs">Wall-clock milliseconds of the embedding stage per image, in image order (reported, never asserted).</param>
public sealed record PairEvaluationResult(IReadOnlyList<(LabelledImage Image, DetectionRoute Route)> Images, IReadOnlyList<ScoredPair> Pairs, ErrorRates Rates,
    IReadOnlyList<double>? EmbedMs = null)
{
    /// <summary>Images in which no face was found (they take no part in the pairs).</summary>
    public int WithoutFace => Images.Count(i => i.Route == DetectionRoute.None);
}

/// <summary>
/// All-pairs evaluation of the pipeline on a labelled set: every image is analysed, every pair of
/// templates compared; genuine pairs share an identity, impostor pairs do not.
/// </summary>
public static class PairEvaluation
{
    /// <summary>Runs the evaluation.</summary>
    public static PairEvaluationResult Run(FaceVerifier verifier, IReadOnlyList<LabelledImage> images)
    {
        var templates = new List<(LabelledImage Image, FaceTemplate Template)>();
        var routes = new List<(LabelledImage, DetectionRoute)>();
        var embedMs = new List<double>();
        foreach (var image in images)
        {
            var analysis = verifier.Analyze(File.ReadAllBytes(image.Path));
            routes.Add((image, analysis.Route));
            embedMs.Add(analysis.Timings.EmbedMs);
            if (analysis.Chosen is { } face)
                templates.Add((image, face.Template));
        }
        var pairs = new List<ScoredPair>();
        for (int i = 0; i < templates.Count; i++)
        for (int j = i + 1; j < templates.Count; j++)
            pairs.Add(new ScoredPair(templates[i].Image, templates[j].Image, verifier.Matcher.Distance(templates[i].Template, templates[j].Template)));
        var rates = ErrorRates.Compute(
            pairs.Where(p => p.Genuine).Select(p => p.Distance).ToList(),
            pairs.Where(p => !p.Genuine).Select(p => p.Distance).ToList(),
            verifier.Matcher.Threshold);
        return new PairEvaluationResult(routes, pairs, rates, embedMs);
    }
}
