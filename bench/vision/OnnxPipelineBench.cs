using System.Diagnostics;
using Ledger.Vision.Detection;
using Ledger.Vision.Inference;
using Ledger.Vision.Verification;

namespace Ledger.Bench.Vision;

/// <summary>Our side: the plugin's FaceVerifier end to end, its stages, and each network alone.</summary>
internal static class OnnxPipelineBench
{
    public static Dictionary<string, object> Run(string imagePath, string packDirectory, int warmup, int iterations)
    {
        var bytes = File.ReadAllBytes(imagePath);
        var baseRss = Measure.ResidentMb();
        var ssdOptions = new VisionOptions { ModelPackDirectory = packDirectory, Detector = DetectorKind.Ssd };
        using var models = VisionModels.Load(ssdOptions);
        var modelsLoadedRss = Measure.ResidentMb();
        var ssd = FaceVerifier.Create(models, ssdOptions);
        var tiny = FaceVerifier.Create(models, ssdOptions with { Detector = DetectorKind.Tiny });

        var medians = new Dictionary<string, double>();
        var minima = new Dictionary<string, double>();
        void Record(string key, IReadOnlyCollection<double> samples)
        {
            medians[key] = Measure.Median(samples);
            minima[key] = Measure.Min(samples);
        }

        var faces = new Dictionary<string, int>();
        foreach (var (name, verifier) in new[] { ("tiny", tiny), ("ssd", ssd) })
        {
            var analyses = new List<(FaceAnalysis Analysis, double WallMs)>();
            Measure.Samples(warmup, iterations, () =>
            {
                var clock = Stopwatch.StartNew();
                var analysis = verifier.Analyze(bytes, allFaces: true);
                var ms = clock.Elapsed.TotalMilliseconds;
                analyses.Add((analysis, ms));
                return ms;
            });
            var measured = analyses.Skip(warmup).ToList();
            faces[name] = measured[0].Analysis.FacesSeen;
            Record($"full_{name}_with_decode", measured.Select(m => m.WallMs).ToList());
            Record($"full_{name}_no_decode", measured.Select(m => m.WallMs - m.Analysis.Timings.DecodeMs).ToList());
            Record($"detect_{name}", measured.Select(m => m.Analysis.Timings.DetectMs).ToList());
            Record($"landmarks_all_faces_{name}", measured.Select(m => m.Analysis.Timings.LandmarksMs).ToList());
            Record($"align_all_faces_{name}", measured.Select(m => m.Analysis.Timings.AlignMs).ToList());
            Record($"embed_all_faces_{name}", measured.Select(m => m.Analysis.Timings.EmbedMs).ToList());
            if (name == "ssd")
                Record("decode", measured.Select(m => m.Analysis.Timings.DecodeMs).ToList());
        }

        // Each network alone on an input of its size (what face-api.js's per-network numbers measure).
        Record("network_tiny416", Network(models.TinyFaceDetector, 416, "grid", warmup, iterations));
        Record("network_ssd512", Network(models.SsdMobilenetV1, 512, "scores", warmup, iterations));
        Record("landmarks_one_face", Network(models.FaceLandmark68, 112, "landmarks", warmup, iterations));
        Record("descriptor_one_face", Network(models.FaceRecognition, 150, "descriptor", warmup, iterations));

        return new Dictionary<string, object>
        {
            ["implementation"] = "Ledger.Vision (ONNX Runtime)",
            ["image"] = Path.GetFileName(imagePath),
            ["iterations"] = iterations,
            ["faces"] = faces,
            ["medianMs"] = medians,
            ["minMs"] = minima,
            ["baseRssMb"] = baseRss,
            ["modelsLoadedRssMb"] = modelsLoadedRss,
            ["peakRssMb"] = Measure.PeakResidentMb(),
        };
    }

    private static List<double> Network(OnnxModel model, int size, string output, int warmup, int iterations)
    {
        // A mid-grey image: timing does not depend on the pixel values.
        var input = Enumerable.Repeat(128f, size * size * 3).ToArray();
        return Measure.SamplesMs(warmup, iterations, () => model.Run(input, [1, size, size, 3], [output]));
    }
}
