using System.Globalization;
using System.Text;
using Ledger.Vision.Embedding;
using Ledger.Vision.Inference;
using Ledger.Vision.Matching;
using Ledger.Vision.Verification;

namespace Ledger.Vision.Evaluation;

/// <summary>One recognizer's all-pairs result on a labelled set, with the operating point the data gives it.</summary>
/// <param name="Id">Recognizer id.</param>
/// <param name="Spec">Its manifest entry.</param>
/// <param name="Result">Every pair's distance and the rates.</param>
/// <param name="Chosen">The threshold chosen from these pairs for the target.</param>
/// <param name="Pack">The operating point the pack holds (null when not calibrated yet).</param>
public sealed record RecognizerRow(string Id, RecognitionSpec Spec, PairEvaluationResult Result, OperatingPoint Chosen, OperatingPoint? Pack)
{
    /// <summary>Closest impostor minus farthest genuine, in the recognizer's own distance.</summary>
    public double Gap => Result.Rates.ClosestImpostor - Result.Rates.FarthestGenuine;

    /// <summary>
    /// The gap over the distance between the genuine and impostor means: scale-free, so recognizers with different
    /// metrics can be compared (positive: every pair separable; the larger, the more room for unseen faces).
    /// </summary>
    public double RelativeGap
    {
        get
        {
            var genuine = Result.Pairs.Where(p => p.Genuine).Average(p => (double)p.Distance);
            var impostor = Result.Pairs.Where(p => !p.Genuine).Average(p => (double)p.Distance);
            return Gap / (impostor - genuine);
        }
    }

    /// <summary>Median wall-clock milliseconds of the embedding stage per face (the first image warms the session and is left out).</summary>
    public double MedianEmbedMs
    {
        get
        {
            var ms = (Result.EmbedMs ?? []).Skip(1).Order().ToList();
            return ms.Count == 0 ? double.NaN : ms[ms.Count / 2];
        }
    }
}

/// <summary>
/// <c>ledger vision evaluate --recognizers a,b,...</c>: the same detector and landmarks, each recognizer with its
/// own alignment and metric, every pair of a labelled set, side by side.
/// </summary>
public static class RecognizerComparison
{
    /// <summary>Evaluates each recognizer on <paramref name="images"/>.</summary>
    public static IReadOnlyList<RecognizerRow> Run(VisionModels models, VisionOptions options, IReadOnlyList<string> recognizers,
        IReadOnlyList<LabelledImage> images, double falseAcceptTarget, string evidence)
    {
        var rows = new List<RecognizerRow>();
        foreach (var id in recognizers)
        {
            var (spec, _) = models.Pack.Recognition(id)
                ?? throw new ModelPackException($"The manifest does not describe the embedding of '{id}'. Run scripts/models.sh.");
            // Distances are what is compared; the threshold only matters for the rates at the pack's operating point.
            var threshold = (float)(spec.OperatingPoint?.Threshold ?? (id == ModelPack.FaceRecognition ? options.MatchThreshold : 0.5));
            var verifier = FaceVerifier.Create(models, options with
            {
                Recognizer = id, RecognizerThreshold = threshold,
                MatchThreshold = id == ModelPack.FaceRecognition ? threshold : options.MatchThreshold,
            });
            var result = PairEvaluation.Run(verifier, images);
            var genuine = result.Pairs.Where(p => p.Genuine).Select(p => p.Distance).ToList();
            var impostor = result.Pairs.Where(p => !p.Genuine).Select(p => p.Distance).ToList();
            rows.Add(new RecognizerRow(id, spec, result, OperatingPoints.Choose(genuine, impostor, falseAcceptTarget, evidence), spec.OperatingPoint));
        }
        return rows;
    }

    /// <summary>The comparison table and the operating points, in Markdown.</summary>
    public static string Format(IReadOnlyList<RecognizerRow> rows)
    {
        var s = new StringBuilder();
        var first = rows[0].Chosen;
        s.AppendLine(Inv($"{rows[0].Result.Images.Count} images, {first.GenuinePairs} genuine and {first.ImpostorPairs} impostor pairs; false-accept target {first.FalseAcceptTarget:G2} per comparison."));
        s.AppendLine();
        s.AppendLine("| recognizer | embedding | metric | alignment | EER | TAR at zero false accepts | closest impostor | farthest genuine | gap | gap / mean separation | threshold for the target | false accepts at it | TAR at it | pack threshold: false accepts, TAR | ms per embedding (median) |");
        s.AppendLine("|---|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var r = row.Result.Rates;
            var pack = row.Pack is { } p ? Inv($"{p.Threshold:0.###}: {r.FalseAcceptRate * r.Impostor:0}/{r.Impostor}, {r.TrueAcceptRate:P2}") : "not calibrated";
            s.AppendLine(Inv($"| {row.Id} | {row.Spec.EmbeddingSize} | {row.Spec.Metric} | {row.Spec.Alignment} | {r.EqualErrorRate:P2} | {r.TrueAcceptRateAtZeroFalseAccepts:P2} | {r.ClosestImpostor:F4} | {r.FarthestGenuine:F4} | {row.Gap:F4} | {row.RelativeGap:F3} | {row.Chosen.Threshold:0.###} | {row.Chosen.FalseAccepts}/{row.Chosen.ImpostorPairs} (95% bound {row.Chosen.FalseAcceptBound95:P2}) | {row.Chosen.TrueAcceptRate:P2} | {pack} | {row.MedianEmbedMs:F1} |"));
        }
        s.AppendLine();
        s.AppendLine("Operating points (for RecognizerCalibration.cs):");
        s.AppendLine();
        foreach (var row in rows)
        {
            var c = row.Chosen;
            s.AppendLine(Inv($"- {row.Id}: threshold {c.Threshold:0.###}, target {c.FalseAcceptTarget:G2}, {c.FalseAccepts} false accepts in {c.ImpostorPairs} impostor pairs (95% upper bound {c.FalseAcceptBound95:G3}), TAR {c.TrueAcceptRate:P2} of {c.GenuinePairs}"));
        }
        return s.ToString();
    }

    private static string Inv(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);
}
