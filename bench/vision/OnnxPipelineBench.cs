using System.Diagnostics;
using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;
using Ledger.Vision.Verification;

namespace Ledger.Bench.Vision;

/// <summary>
/// Our side: the plugin's FaceVerifier end to end, its stages, and each network alone. Loaded once; each
/// <see cref="Round"/> adds its samples, so that rounds of ours and of face-api.js can alternate.
/// </summary>
internal sealed class OnnxPipelineBench : IDisposable
{
    private readonly byte[] _bytes;
    private readonly string _image;
    private readonly VisionModels _models;
    private readonly (string Name, FaceVerifier Verifier)[] _routes;
    private readonly long _baseRss;
    private readonly long _modelsLoadedRss;
    private readonly Dictionary<string, List<double>> _samples = new();
    private readonly Dictionary<string, int> _faces = new();
    private bool _warm;
    private readonly System.Diagnostics.Metrics.MeterListener _networks = new();
    private double _networkMs;

    public OnnxPipelineBench(string imagePath, string packDirectory)
    {
        _image = Path.GetFileName(imagePath);
        _bytes = File.ReadAllBytes(imagePath);
        _baseRss = Measure.ResidentMb();
        var ssdOptions = new VisionOptions { ModelPackDirectory = packDirectory, Detector = DetectorKind.Ssd };
        _models = VisionModels.Load(ssdOptions);
        _modelsLoadedRss = Measure.ResidentMb();
        // The networks' own time inside each analysis (ledger.vision.network.duration), for the "within 2x" ratio.
        _networks.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Ledger.Vision.Diagnostics.VisionMetrics.MeterName && instrument.Name == "ledger.vision.network.duration")
                listener.EnableMeasurementEvents(instrument);
        };
        _networks.SetMeasurementEventCallback<double>((_, ms, _, _) => _networkMs += ms);
        _networks.Start();
        _routes = [("tiny", FaceVerifier.Create(_models, ssdOptions with { Detector = DetectorKind.Tiny })), ("ssd", FaceVerifier.Create(_models, ssdOptions))];
        // The ssd graph the ssd route runs on this image (as the service's detector chooses it), for the limit.
        using var decoded = new ImageDecoder().Decode(_bytes);
        var ran = FaceVerifier.DetectorOf(_models, ssdOptions, DetectorKind.Ssd).ModelFor(decoded.Width, decoded.Height, 0).Id;
        _ssdRoute = ran == ModelPack.SsdMobilenetV1Landscape
            ? (_models.SsdMobilenetV1Landscape!, SsdFaceDetector.LandscapeRows) : (_models.SsdMobilenetV1, SsdFaceDetector.InputSize);
    }

    private readonly (OnnxModel Model, int Rows) _ssdRoute;

    /// <summary>One round: <paramref name="iterations"/> samples of every measurement, after a warm-up (two runs in the first round, one after).</summary>
    public void Round(int iterations)
    {
        // Later rounds warm up once too: the other side has just had the cores and the caches.
        var warmup = _warm ? 1 : 2;
        _warm = true;
        foreach (var (name, verifier) in _routes)
        {
            var analyses = new List<(FaceAnalysis Analysis, double WallMs, double NetworkMs)>();
            Measure.Samples(warmup, iterations, () =>
            {
                _networkMs = 0;
                var clock = Stopwatch.StartNew();
                var analysis = verifier.Analyze(_bytes, allFaces: true);
                var ms = clock.Elapsed.TotalMilliseconds;
                analyses.Add((analysis, ms, _networkMs));
                return ms;
            });
            var measured = analyses.Skip(warmup).ToList();
            _faces[name] = measured[0].Analysis.FacesSeen;
            Add($"full_{name}_with_decode", measured.Select(m => m.WallMs));
            Add($"full_{name}_no_decode", measured.Select(m => m.WallMs - m.Analysis.Timings.DecodeMs));
            Add($"networks_in_{name}", measured.Select(m => m.NetworkMs));
            Add($"full_{name}_over_networks", measured.Select(m => m.WallMs / m.NetworkMs));
            Add($"detect_{name}", measured.Select(m => m.Analysis.Timings.DetectMs));
            Add($"landmarks_all_faces_{name}", measured.Select(m => m.Analysis.Timings.LandmarksMs));
            Add($"align_all_faces_{name}", measured.Select(m => m.Analysis.Timings.AlignMs));
            Add($"embed_all_faces_{name}", measured.Select(m => m.Analysis.Timings.EmbedMs));
            if (name == "ssd")
                Add("decode", measured.Select(m => m.Analysis.Timings.DecodeMs));
        }

        // Each network alone on an input of its size (what face-api.js's per-network numbers measure).
        Add("network_tiny416", Network(_models.TinyFaceDetector, 416, 416, "grid", warmup, iterations));
        Add("network_ssd512", Network(_models.SsdMobilenetV1, 512, 512, "scores", warmup, iterations));
        Add("network_ssd_route", Network(_ssdRoute.Model, _ssdRoute.Rows, 512, "scores", warmup, iterations));
        Add("landmarks_one_face", Network(_models.FaceLandmark68, 112, 112, "landmarks", warmup, iterations));
        Add("descriptor_one_face", Network(_models.FaceRecognition, 150, 150, "descriptor", warmup, iterations));
    }

    /// <summary>Medians and best runs over every round so far, faces found and memory.</summary>
    public Dictionary<string, object> Results(int rounds) => new()
    {
        ["implementation"] = "Ledger.Vision (ONNX Runtime)",
        ["image"] = _image,
        ["rounds"] = rounds,
        ["samples"] = _samples.Values.First().Count,
        ["faces"] = _faces,
        ["medianMs"] = _samples.ToDictionary(s => s.Key, s => Measure.Median(s.Value)),
        ["minMs"] = _samples.ToDictionary(s => s.Key, s => Measure.Min(s.Value)),
        ["baseRssMb"] = _baseRss,
        ["modelsLoadedRssMb"] = _modelsLoadedRss,
        ["peakRssMb"] = Measure.PeakResidentMb(),
    };

    public void Dispose()
    {
        _networks.Dispose();
        _models.Dispose();
    }

    private void Add(string key, IEnumerable<double> values)
    {
        if (!_samples.TryGetValue(key, out var list)) _samples[key] = list = [];
        list.AddRange(values);
    }

    private static List<double> Network(OnnxModel model, int height, int width, string output, int warmup, int iterations)
    {
        // A mid-grey image: timing does not depend on the pixel values.
        var input = Enumerable.Repeat(128f, height * width * 3).ToArray();
        return Measure.SamplesMs(warmup, iterations, () => model.Run(input, [1, height, width, 3], [output]));
    }
}
