using System.Globalization;
using System.Text;

namespace Ledger.Bench.FacePay;

/// <summary>The side-by-side table (markdown, ready for docs/BENCHMARKS.md), the server's split, the ratios and the warm-up.</summary>
internal static class FacePayReport
{
    private static readonly (string Key, string Label)[] Rows =
    [
        ("verifyAndPay", "(a) verify-and-pay, HTTP `POST /v1/face-payments`"),
        ("verifyOnly", "(b) verify-only, vision pipeline in the bench process"),
        ("ledgerOnly", "(c) ledger-only, HTTP `POST /v1/payments`"),
    ];

    public static string Render(IReadOnlyDictionary<string, Side> sides, IReadOnlyDictionary<string, object?> warmup)
    {
        var text = new StringBuilder();
        // The best run next to the percentiles: on a shared machine the minimum shows the code, the median the neighbours.
        // Rate and times of successful answers only; the outcomes column lists every answer.
        text.AppendLine("| side | requests | succeeded per s | best ms | p50 ms | p90 ms | p99 ms | max ms | outcomes |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var (key, label) in Rows)
        {
            var s = sides[key];
            var e = s.EndToEndMs;
            text.AppendLine($"| {label} | {s.Requests} | {F(s.PerSecond)} | {F(e["min"])} | {F(e["p50"])} | {F(e["p90"])} | {F(e["p99"])} | {F(e["max"])} | " +
                            string.Join(", ", s.Outcomes.Select(o => $"{o.Key} {o.Value}")) + " |");
        }
        var a = sides["verifyAndPay"];
        text.AppendLine();
        text.AppendLine("| (a) split, server-reported | best ms | p50 ms | p90 ms | p99 ms |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (label, stats) in new[] { ("visionMs (decode, detect, landmarks, align, embed, match)", a.VisionMs), ("ledgerMs (vault lookup by the hint, decide, append, commit)", a.LedgerMs), ("rest (HTTP, JSON/base64, signature check)", a.RestMs) })
            text.AppendLine($"| {label} | {F(stats?["min"])} | {F(stats?["p50"])} | {F(stats?["p90"])} | {F(stats?["p99"])} |");
        text.AppendLine();
        text.AppendLine($"p50 ratios: (a)/(b) = {Ratio(a.EndToEndMs["p50"], sides["verifyOnly"].EndToEndMs["p50"])}, " +
                        $"(a)/(c) = {Ratio(a.EndToEndMs["p50"], sides["ledgerOnly"].EndToEndMs["p50"])}");
        text.AppendLine("warm-up (not in the table): " + string.Join("; ", warmup.Where(w => w.Key != "verifyAndPayOutcomes").Select(w => $"{w.Key} {Describe(w.Value)}")));
        return text.ToString();
    }

    private static string Describe(object? value) => value switch
    {
        double d => F(d),
        null => "-",
        _ => System.Text.Json.JsonSerializer.Serialize(value),
    };

    private static string F(double? v) => v is { } x ? x.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? (x / y).ToString("0.00", CultureInfo.InvariantCulture) : "-";
}
