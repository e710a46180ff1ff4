using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Ledger.Vision.Diagnostics;
using Ledger.Vision.Embedding;
using Ledger.Vision.Inference;
using Ledger.Vision.Matching;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Verification;
using SkiaSharp;

namespace Ledger.Bench.Vision;

/// <summary>
/// The vision work of one challenged face payment, in process and one at a time, stage by stage: the frames a till sends
/// (640x480 JPEG, the count docs/PAD.md settled on) through <see cref="FrameSequenceAnalyzer"/>, the passive networks on
/// the compared frame and the 1:N match, as the API's <c>VisionFaceComparison</c> runs them. Each stage's spans are summed
/// per payment (a <see cref="ActivityListener"/> on <c>Ledger.Vision</c>), and so is each network's own time (the
/// <c>ledger.vision.network.duration</c> metric): the difference is our code around the networks.
/// </summary>
internal sealed class PaymentProfile : IDisposable
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>The people of ../shared/faces whose crops make the sequences.</summary>
    internal static readonly string[] People = ["amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"];

    private static readonly string[] Stages = ["decode", "detect", "landmarks", "align", "embed", "pad", "match"];

    private readonly VisionModels _models;
    private readonly FrameSequenceAnalyzer _analyzer;
    private readonly PassiveLiveness? _passive;
    private readonly List<(string Person, byte[][] Frames)> _sequences;
    private readonly Dictionary<string, Candidate[]> _gallery;
    private readonly ActivityListener _spans;
    private readonly MeterListener _networks;
    private readonly Dictionary<string, double> _current = new();
    private readonly List<Dictionary<string, double>> _payments = [];
    private readonly List<double> _totals = [];
    private readonly List<double> _allocatedMb = [];
    // The process's CPU time per payment (all threads: the networks' intra-op threads too): what a payment costs the cores,
    // which concurrent tills share.
    private readonly List<double> _cpuMs = [];
    private int _next;

    public PaymentProfile(string packDirectory, string facesDirectory, int frames, int? intraOpThreads = null, int? permits = null,
        Ledger.Vision.Detection.DetectorKind? counter = null, Ledger.Vision.Detection.DetectorKind? sketch = null, bool fromFacing = false,
        bool square = false)
    {
        // --square: every frame through ssd's 512 x 512 graph, letterbox and all (the service before the landscape graph).
        var options = new VisionOptions { ModelPackDirectory = packDirectory, SsdLandscape = !square };
        if (counter is { } c) options = options with { ChallengeCounter = c };
        if (sketch is { } k) options = options with { ChallengeSketch = k };
        if (permits is { } p) options = options with { MaxConcurrentInferences = p };
        // Without --threads, the service's own choice: every core for a run alone, one beside others.
        Microsoft.ML.OnnxRuntime.SessionOptions? session = null;
        if (intraOpThreads is { } t)
        {
            session = VisionModels.DefaultSessionOptions();
            session.IntraOpNumThreads = t;
        }
        _models = VisionModels.Load(options, session);
        var verifier = FaceVerifier.Create(_models, options);
        _analyzer = FrameSequenceAnalyzer.Create(verifier, _models, options);
        _passive = PassiveLiveness.TryCreate(_models);
        _sequences = BuildSequences(verifier, facesDirectory, frames, fromFacing);
        // Each payment is matched against the enrolled template of its person (crop 1), as the phone hint leaves it.
        _gallery = _sequences.Select(s => s.Person).Distinct().ToDictionary(p => p, p =>
        {
            var enrolled = verifier.Analyze(File.ReadAllBytes(Path.Combine(facesDirectory, p, "1.png"))).Chosen!.Template;
            return new[] { new Candidate(p, enrolled) };
        });
        _spans = new ActivityListener
        {
            ShouldListenTo = s => s.Name == VisionActivities.SourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = a => { Add(a.OperationName, a.Duration.TotalMilliseconds); Add("n:" + a.OperationName, 1); },
        };
        ActivitySource.AddActivityListener(_spans);
        _networks = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == VisionMetrics.MeterName && instrument.Name == "ledger.vision.network.duration")
                    listener.EnableMeasurementEvents(instrument);
            },
        };
        _networks.SetMeasurementEventCallback<double>((_, ms, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "model") { Add("net:" + tag.Value, ms); Add("n:" + tag.Value, 1); }
        });
        _networks.Start();
    }

    public int FramesPerPayment => _sequences[0].Frames.Length;

    public int Sequences => _sequences.Count;

    /// <summary>One payment after another: <paramref name="warmup"/> not kept, then <paramref name="iterations"/> kept.</summary>
    public void Round(int warmup, int iterations)
    {
        for (var i = 0; i < warmup + iterations; i++)
        {
            var (person, frames) = _sequences[_next++ % _sequences.Count];
            lock (_current) _current.Clear();
            var allocated = GC.GetTotalAllocatedBytes(precise: false);
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            Pay(person, frames);
            var ms = clock.Elapsed.TotalMilliseconds;
            process.Refresh();
            if (i < warmup) continue;
            _cpuMs.Add((process.TotalProcessorTime - cpu).TotalMilliseconds);
            _allocatedMb.Add((GC.GetTotalAllocatedBytes(precise: false) - allocated) / 1048576.0);
            _totals.Add(ms);
            lock (_current) _payments.Add(new Dictionary<string, double>(_current));
            if (EachPayment)
                lock (_current)
                    Console.WriteLine($"{person}: {ms:0} ms, process CPU {_cpuMs[^1]:0} ms; runs: " +
                                      string.Join(", ", _current.Where(e => e.Key.StartsWith("n:", StringComparison.Ordinal) && _current.ContainsKey("net:" + e.Key[2..]))
                                          .Select(e => $"{e.Key[2..]} {e.Value:0}")) + $"; frames: {_lastRoutes}");
        }
    }

    /// <summary>
    /// <paramref name="concurrency"/> tills in a closed loop, <paramref name="iterations"/> payments in all: each payment's
    /// wall time (stages are not split here: the spans of concurrent payments interleave) and the rate.
    /// </summary>
    public (List<double> Latencies, double Seconds) Concurrent(int concurrency, int iterations)
    {
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        var tills = Enumerable.Range(0, concurrency).Select(_ => Task.Run(() =>
        {
            while (true)
            {
                int index;
                lock (latencies) { if (latencies.Count + _inFlight >= iterations) return; index = _next++; _inFlight++; }
                var (person, frames) = _sequences[index % _sequences.Count];
                var started = Stopwatch.StartNew();
                Pay(person, frames);
                lock (latencies) { latencies.Add(started.Elapsed.TotalMilliseconds); _inFlight--; }
            }
        })).ToArray();
        Task.WaitAll(tills);
        return (latencies, clock.Elapsed.TotalSeconds);
    }

    private int _inFlight;

    // What VisionFaceComparison does for a challenged capture (the API's code, without the ledger).
    private void Pay(string person, byte[][] frames)
    {
        var (analyzed, _) = _analyzer.Analyze(frames, (decoded, compared) =>
        {
            if (_passive is null || compared.ChosenIndex < 0) return false;
            using var span = VisionActivities.Stage(VisionActivities.Pad);
            _passive.Score(decoded, compared.Detections[compared.ChosenIndex]);
            return true;
        });
        _analyzer.Verifier.Identify(analyzed.Frames[analyzed.Compared], _gallery[person]);
        _lastRoutes = string.Join(", ", analyzed.Frames.Select(f => f.Route)) + $", frame {analyzed.Compared} compared";
    }

    /// <summary>Print each kept payment of <see cref="Round"/>: its time, its network runs and each frame's route.</summary>
    public bool EachPayment { get; init; }

    private string _lastRoutes = "";

    private void Add(string key, double ms)
    {
        lock (_current) _current[key] = _current.GetValueOrDefault(key) + ms;
    }

    /// <summary>Medians per payment: the whole, each stage (summed over frames), each network's own runs, our code around them.</summary>
    public Dictionary<string, double> Medians()
    {
        var keys = _payments.SelectMany(p => p.Keys).Distinct().Order(StringComparer.Ordinal);
        var medians = keys.ToDictionary(k => k, k => Measure.Median(_payments.Select(p => p.GetValueOrDefault(k)).ToList()));
        medians["payment"] = Measure.Median(_totals);
        medians["networks"] = Measure.Median(_payments.Select(p => p.Where(e => e.Key.StartsWith("net:", StringComparison.Ordinal)).Sum(e => e.Value)).ToList());
        medians["allocatedMb"] = Measure.Median(_allocatedMb);
        medians["cpu"] = Measure.Median(_cpuMs);
        return medians;
    }

    public string Render(Dictionary<string, double> m, string when)
    {
        string F(string key) => m.TryGetValue(key, out var v) ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-";
        var text = new StringBuilder();
        text.AppendLine($"one challenged payment's vision work ({FramesPerPayment} frames of {Width}x{Height} JPEG, {Sequences} turn sequences, " +
                        $"{_payments.Count} payments, one at a time), medians in ms; {when}");
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", Stages) + " | whole payment | networks alone | ours around them | allocated MB | process CPU ms |");
        text.AppendLine("|" + string.Concat(Enumerable.Repeat(" ---: |", Stages.Length + 5)));
        text.AppendLine("| " + string.Join(" | ", Stages.Select(F)) + $" | {F("payment")} | {F("networks")} | " +
                        $"{(m["payment"] - m["networks"]).ToString("0.0", CultureInfo.InvariantCulture)} | {F("allocatedMb")} | {F("cpu")} |");
        text.AppendLine();
        text.AppendLine("networks' own time per payment: " + string.Join(", ",
            m.Where(e => e.Key.StartsWith("net:", StringComparison.Ordinal)).Select(e => $"{e.Key[4..]} {e.Value.ToString("0.0", CultureInfo.InvariantCulture)}")));
        text.AppendLine("spans and runs per payment (median): " + string.Join(", ",
            m.Where(e => e.Key.StartsWith("n:", StringComparison.Ordinal)).Select(e => $"{e.Key[2..]} {e.Value.ToString("0.#", CultureInfo.InvariantCulture)}")));
        text.AppendLine($"whole payment against the networks' own time: {(m["payment"] / m["networks"]).ToString("0.00", CultureInfo.InvariantCulture)}x");
        return text.ToString();
    }

    public void Dispose()
    {
        _spans.Dispose();
        _networks.Dispose();
        _models.Dispose();
    }

    // Per person, the three of crops 2-5 whose yaws spread most, as 640x480 frames in the order of a turn: what
    // bench/facepay.sh's tills send (bench/FacePayBench/ChallengeFrames.cs).
    private static List<(string, byte[][])> BuildSequences(FaceVerifier verifier, string faces, int count, bool fromFacing)
    {
        var sequences = new List<(string, byte[][])>();
        foreach (var person in People)
        {
            var frames = Enumerable.Range(2, 4).Select(n => Frame(File.ReadAllBytes(Path.Combine(faces, person, $"{n}.png"))))
                .Select(f => (Frame: f, Yaw: verifier.Analyze(f).Chosen is { } face ? HeadPose.Of(face.Landmarks).Yaw : 0f))
                .OrderBy(f => f.Yaw).ToList();
            // The two ends of the turn and the frames between them, as many as asked.
            var picked = Enumerable.Range(0, count).Select(i => frames[(int)Math.Round(i * (frames.Count - 1) / (double)(count - 1))]).ToList();
            // A shopper who sees the challenge faces the camera first, then turns (bench/facepay.sh's default sequences).
            if (fromFacing)
            {
                var facing = picked.MinBy(f => Math.Abs(f.Yaw));
                picked = [facing, .. picked.Where(f => !ReferenceEquals(f.Frame, facing.Frame))];
            }
            sequences.Add((person, picked.Select(f => f.Frame).ToArray()));
        }
        return sequences;
    }

    /// <summary>
    /// The photo 400 px high in the middle of a grey 640x480 frame, JPEG quality 90 (what bench/facepay.sh's tills send),
    /// mirrored left to right when asked.
    /// </summary>
    internal static byte[] Frame(byte[] photo, bool mirror = false)
    {
        using var source = SKBitmap.Decode(photo) ?? throw new InvalidOperationException("a shared face photo does not decode");
        var scale = 400f / source.Height;
        var (w, h) = (source.Width * scale, source.Height * scale);
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(new SKColor(128, 128, 128));
        using var image = SKImage.FromBitmap(source);
        if (mirror) surface.Canvas.Scale(-1, 1, Width / 2f, 0);
        surface.Canvas.DrawImage(image, SKRect.Create((Width - w) / 2, (Height - h) / 2, w, h), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, 90);
        return encoded.ToArray();
    }
}
