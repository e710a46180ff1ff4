using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.Bench.Vision;

/// <summary>The side-by-side table: one row per comparable measurement, medians in ms, ratio = face-api.js / ours.</summary>
internal static class ReportTable
{
    private static readonly (string Label, string Ours, string Theirs)[] Rows =
    [
        ("full pipeline, tiny detector, JPEG decoding included", "full_tiny_with_decode", "full_tiny_with_decode"),
        ("full pipeline, tiny detector, decoding excluded", "full_tiny_no_decode", "full_tiny_no_decode"),
        ("full pipeline, SSD detector, JPEG decoding included", "full_ssd_with_decode", "full_ssd_with_decode"),
        ("full pipeline, SSD detector, decoding excluded", "full_ssd_no_decode", "full_ssd_no_decode"),
        ("JPEG decoding", "decode", "decode"),
        ("detection, tiny 416 (ours: incl. resize + NMS)", "detect_tiny", "detect_tiny416"),
        ("detection, SSD 512 (ours: incl. resize + NMS)", "detect_ssd", "detect_ssd512"),
        ("68 landmarks, one face (network)", "landmarks_one_face", "landmarks_one_face"),
        ("150x150 descriptor, one face (network)", "descriptor_one_face", "descriptor_one_face"),
    ];

    public static string Render(JsonElement results) =>
        Render(results, "medianMs", "median") + "\n" + Render(results, "minMs", "best run");

    private static string Render(JsonElement results, string statistic, string statisticLabel)
    {
        var ours = results.GetProperty("ours");
        var wasm = Optional(results, "faceapi_wasm");
        var cpu = Optional(results, "faceapi_cpu");
        var text = new StringBuilder();
        text.AppendLine($"| {ours.GetProperty("image").GetString()} ({statisticLabel}, ms) | ours | face-api.js wasm | ratio | face-api.js cpu | ratio |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (label, oursKey, theirsKey) in Rows)
        {
            var o = Median(ours, oursKey, statistic);
            var w = Median(wasm, theirsKey, statistic);
            var c = Median(cpu, theirsKey, statistic);
            text.AppendLine($"| {label} | {Fmt(o)} | {Fmt(w)} | {Ratio(w, o)} | {Fmt(c)} | {Ratio(c, o)} |");
        }
        text.AppendLine($"| faces found (tiny / SSD) | {Faces(ours)} | {Faces(wasm)} | | {Faces(cpu)} | |");
        text.AppendLine($"| resident memory with all models loaded (MiB) | {Mb(ours, "modelsLoadedRssMb")} | {Mb(wasm, "modelsLoadedRssMb")} | | {Mb(cpu, "modelsLoadedRssMb")} | |");
        text.AppendLine($"| peak resident memory (MiB) | {Mb(ours, "peakRssMb")} | {Mb(wasm, "peakRssMb")} | | {Mb(cpu, "peakRssMb")} | |");
        text.AppendLine();
        if (statistic != "medianMs")
            return text.ToString();
        // How close to the limit: the whole analysis (no decoding) against the networks' own time for the faces found.
        // The ssd route's limit is the graph it ran (the landscape graph on an image that fills its rows); older result files
        // have only the square's.
        var ssdRoute = ours.TryGetProperty("medianMs", out var medians) && medians.TryGetProperty("network_ssd_route", out _) ? "network_ssd_route" : "network_ssd512";
        foreach (var route in new[] { ("tiny", "network_tiny416"), ("ssd", ssdRoute) })
        {
            var faces = ours.GetProperty("faces").GetProperty(route.Item1).GetInt32();
            var networks = Median(ours, route.Item2) + faces * (Median(ours, "landmarks_one_face") + Median(ours, "descriptor_one_face"));
            text.AppendLine($"ours, {route.Item1} route: whole analysis without decoding {Fmt(Median(ours, $"full_{route.Item1}_no_decode"))} ms against the networks' " +
                            $"own {Fmt(networks)} ms ({faces} faces): {Ratio(Median(ours, $"full_{route.Item1}_no_decode"), networks)} of the limit");
        }
        // The same, measured inside each analysis: the networks' runs as they happened (ledger.vision.network.duration),
        // against the whole analysis with decoding; the median of the per-analysis ratios.
        foreach (var route in new[] { "tiny", "ssd" })
            text.AppendLine($"ours, {route} route: full pipeline with decoding {Fmt(Median(ours, $"full_{route}_with_decode"))} ms, of which the networks' own runs " +
                            $"{Fmt(Median(ours, $"networks_in_{route}"))} ms: {Fmt2(Median(ours, $"full_{route}_over_networks"))}x the networks (goal: within 2x)");
        text.AppendLine($"ours per stage (SSD route, all faces): detect {Fmt(Median(ours, "detect_ssd"))}, landmarks {Fmt(Median(ours, "landmarks_all_faces_ssd"))}, " +
                        $"align {Fmt(Median(ours, "align_all_faces_ssd"))}, embed {Fmt(Median(ours, "embed_all_faces_ssd"))}; networks alone: tiny416 {Fmt(Median(ours, "network_tiny416"))}, ssd512 {Fmt(Median(ours, "network_ssd512"))}, " +
                        $"ssd as the route runs it {Fmt(Median(ours, ssdRoute))}");
        return text.ToString();
    }

    private static JsonElement? Optional(JsonElement results, string name) =>
        results.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static double? Median(JsonElement? side, string key, string statistic = "medianMs") =>
        side is { } s && s.TryGetProperty(statistic, out var stats) && stats.TryGetProperty(key, out var v) ? v.GetDouble() : null;

    private static string Fmt2(double? v) => v is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static string Fmt(double? ms) => ms is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";

    private static string Ratio(double? theirs, double? ours) =>
        theirs is { } t && ours is { } o && o > 0 ? (t / o).ToString("0.0", CultureInfo.InvariantCulture) + "x" : "-";

    private static string Faces(JsonElement? side) =>
        side is { } s ? $"{s.GetProperty("faces").GetProperty("tiny")} / {s.GetProperty("faces").GetProperty("ssd")}" : "-";

    private static string Mb(JsonElement? side, string key) =>
        side is { } s && s.TryGetProperty(key, out var v) ? v.ToString() : "-";
}
