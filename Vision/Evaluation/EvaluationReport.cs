using System.Globalization;
using System.Text;
using Ledger.Vision.Verification;

namespace Ledger.Vision.Evaluation;

/// <summary>Prints a <see cref="PairEvaluationResult"/> as the Markdown tables of <c>docs/VISION.md</c>.</summary>
public static class EvaluationReport
{
    /// <summary>Summary table, how faces were found, the hardest pairs, and every pair's distance.</summary>
    public static string Format(PairEvaluationResult result, int hardest = 5)
    {
        var r = result.Rates;
        var s = new StringBuilder();
        s.AppendLine("| images | genuine pairs | impostor pairs | EER | true accepts at threshold | false accepts at threshold | true accepts at zero false accepts | closest impostor | farthest genuine |");
        s.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        s.AppendLine(Inv($"| {result.Images.Count} | {r.Genuine} | {r.Impostor} | {r.EqualErrorRate:P2} (at {r.EqualErrorThreshold:F3}) | {r.TrueAcceptRate:P2} (at {r.Threshold:F2}) | {r.FalseAcceptRate:P2} | {r.TrueAcceptRateAtZeroFalseAccepts:P2} | {r.ClosestImpostor:F4} | {r.FarthestGenuine:F4} |"));
        s.AppendLine();
        s.AppendLine("How the face was found: " + string.Join(", ",
            Enum.GetValues<DetectionRoute>().Select(route => $"{route} {result.Images.Count(i => i.Route == route)}")));
        s.AppendLine();
        s.AppendLine("| hardest genuine pairs (largest distance) | distance | hardest impostor pairs (smallest distance) | distance |");
        s.AppendLine("|---|---:|---|---:|");
        var genuine = result.Pairs.Where(p => p.Genuine).OrderByDescending(p => p.Distance).Take(hardest).ToList();
        var impostor = result.Pairs.Where(p => !p.Genuine).OrderBy(p => p.Distance).Take(hardest).ToList();
        for (int i = 0; i < Math.Max(genuine.Count, impostor.Count); i++)
        {
            var g = i < genuine.Count ? (Name(genuine[i]), Inv($"{genuine[i].Distance:F4}")) : ("", "");
            var m = i < impostor.Count ? (Name(impostor[i]), Inv($"{impostor[i].Distance:F4}")) : ("", "");
            s.AppendLine($"| {g.Item1} | {g.Item2} | {m.Item1} | {m.Item2} |");
        }
        s.AppendLine();
        s.AppendLine("| pair | genuine | distance |");
        s.AppendLine("|---|---|---:|");
        foreach (var p in result.Pairs)
            s.AppendLine(Inv($"| {Name(p)} | {(p.Genuine ? "yes" : "no")} | {p.Distance:F4} |"));
        return s.ToString();
    }

    private static string Name(ScoredPair p) => $"{Short(p.A)} – {Short(p.B)}";

    private static string Short(LabelledImage i) => $"{i.Identity}/{Path.GetFileName(i.Path)}";

    private static string Inv(FormattableString f) => f.ToString(CultureInfo.InvariantCulture);
}
