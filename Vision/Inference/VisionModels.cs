using Microsoft.ML.OnnxRuntime;

namespace Ledger.Vision.Inference;

/// <summary>
/// The networks of the pack, each loaded once into its own <see cref="InferenceSession"/> and shared
/// by every caller. Dispose at shutdown (the DI container does).
/// </summary>
public sealed class VisionModels : IDisposable
{
    private readonly IReadOnlyDictionary<string, Lazy<OnnxModel>> _recognizers;

    private VisionModels(ModelPack pack, OnnxModel tiny, OnnxModel ssd, OnnxModel? ssdLandscape, OnnxModel landmarks, OnnxModel recognition,
        OnnxModel? antispoof, OnnxModel? liveness, IReadOnlyDictionary<string, Lazy<OnnxModel>> recognizers, Polly.ResiliencePipeline limiter,
        NetworkThreads? threads)
    {
        Limiter = limiter;
        Threads = threads;
        _recognizers = recognizers;
        Antispoof = antispoof;
        Liveness = liveness;
        Pack = pack;
        TinyFaceDetector = tiny;
        SsdMobilenetV1 = ssd;
        SsdMobilenetV1Landscape = ssdLandscape;
        FaceLandmark68 = landmarks;
        FaceRecognition = recognition;
    }

    /// <summary>
    /// The concurrency limiter (and timeout) every network run goes through; image decoding goes through it too
    /// (<see cref="Verification.FaceVerifier"/>), so a burst of large captures cannot hold more decoded pixels at once than
    /// there are inference slots.
    /// </summary>
    public Polly.ResiliencePipeline Limiter { get; }

    /// <summary>
    /// The threads every network run executes on, at <see cref="VisionOptions.NetworkNice"/>; null when that is 0 or the
    /// system has no per-thread priority (the runs then execute on their callers' threads).
    /// </summary>
    public NetworkThreads? Threads { get; }

    /// <summary>The verified pack the models came from.</summary>
    public ModelPack Pack { get; }

    /// <summary>tiny_face_detector.</summary>
    public OnnxModel TinyFaceDetector { get; }

    /// <summary>ssd_mobilenetv1.</summary>
    public OnnxModel SsdMobilenetV1 { get; }

    /// <summary>
    /// ssd_mobilenetv1's landscape graph, when the pack has it and <see cref="VisionOptions.SsdLandscape"/> is on.
    /// </summary>
    public OnnxModel? SsdMobilenetV1Landscape { get; }

    /// <summary>face_landmark_68.</summary>
    public OnnxModel FaceLandmark68 { get; }

    /// <summary>face_recognition.</summary>
    public OnnxModel FaceRecognition { get; }

    /// <summary>
    /// A recognition network by id: face_recognition, or one of the pack's other recognizers (those whose manifest
    /// entry describes their embedding), loaded on first use.
    /// </summary>
    /// <exception cref="ModelPackException">The pack has no such recognizer.</exception>
    public OnnxModel Recognizer(string id) =>
        id == ModelPack.FaceRecognition ? FaceRecognition
        : _recognizers.TryGetValue(id, out var model) ? model.Value
        : throw new ModelPackException($"The model pack in '{Pack.Directory}' has no recognizer '{id}' (it has {string.Join(", ", Pack.Recognizers.Prepend(ModelPack.FaceRecognition).Distinct())}). Run scripts/models.sh.");

    /// <summary>antispoof, when the pack has it (packs built with human's models).</summary>
    public OnnxModel? Antispoof { get; }

    /// <summary>liveness, when the pack has it (packs built with human's models).</summary>
    public OnnxModel? Liveness { get; }

    /// <summary>Verifies the pack in <see cref="VisionOptions.ModelPackDirectory"/> and loads every model.</summary>
    /// <exception cref="ModelPackException">The pack is missing or a file does not match the manifest.</exception>
    /// <param name="options">Where the pack is, and the limits of each run.</param>
    /// <param name="sessionOptions">
    /// ONNX Runtime session options for every run; when null, each model gets two sessions: <see cref="DefaultSessionOptions"/>
    /// for a run that starts alone and <see cref="BesideOthersSessionOptions"/> for one that starts beside other runs.
    /// </param>
    /// <param name="timeProvider">The clock of the inference timeout; the system's when null.</param>
    public static VisionModels Load(VisionOptions options, SessionOptions? sessionOptions = null, TimeProvider? timeProvider = null)
    {
        var pack = ModelPack.Load(options.ModelPackDirectory);
        var alone = sessionOptions ?? DefaultSessionOptions();
        var beside = sessionOptions is null ? BesideOthersSessionOptions() : null;
        var runs = new RunsInFlight();
        var pipeline = InferencePipeline.Create(options, timeProvider);
        // One thread per run the limiter lets execute at once, so a run never queues for a thread.
        var threads = options.NetworkNice > 0 && ThreadNice.Supported
            ? new NetworkThreads(Math.Max(1, options.MaxConcurrentInferences), options.NetworkNice)
            : null;
        var loaded = new List<OnnxModel>();
        try
        {
            OnnxModel Model(string id) => new(pack.Get(id), alone, beside, runs, pipeline, threads);
            OnnxModel Open(string id)
            {
                var model = Model(id);
                loaded.Add(model);
                return model;
            }
            OnnxModel? OpenIfListed(string id) => pack.Has(id) ? Open(id) : null;
            // The other recognizers are for evaluation and model upgrades: a session only when one is asked for.
            var recognizers = pack.Recognizers.Where(id => id != ModelPack.FaceRecognition).ToDictionary(
                id => id, id => new Lazy<OnnxModel>(() => Model(id)), StringComparer.Ordinal);
            return new VisionModels(pack, Open(ModelPack.TinyFaceDetector), Open(ModelPack.SsdMobilenetV1),
                options.SsdLandscape ? OpenIfListed(ModelPack.SsdMobilenetV1Landscape) : null, Open(ModelPack.FaceLandmark68), Open(ModelPack.FaceRecognition),
                OpenIfListed(ModelPack.Antispoof), OpenIfListed(ModelPack.Liveness), recognizers, pipeline, threads);
        }
        catch
        {
            loaded.ForEach(m => m.Dispose());
            threads?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Full graph optimisation, one intra-op thread per core, and those threads sleep when a run ends instead of spinning.
    /// ONNX Runtime's default lets them spin for work after every run: they then take the cores from what runs between
    /// the networks (decoding, resampling, the other requests' runs), which on 2 cores doubled the time of a whole
    /// analysis (bbt1, all faces: 158 ms spinning, 81 ms not; docs/VISION.md, "Session options"). The session options are
    /// only read while a session is created, so one instance serves every model.
    /// </summary>
    public static SessionOptions DefaultSessionOptions()
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = Environment.ProcessorCount,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _ = SharedArena.Value;
        options.AddSessionConfigEntry("session.use_env_allocators", "1");
        return options;
    }

    /// <summary>
    /// One arena for the intermediate tensors of every session in the process, grown by what a run asks for. Each session
    /// would otherwise keep an arena of its own, sized for the most runs it ever had at once and grown in powers of two:
    /// with two sessions per model that cost the service a quarter of a gigabyte under 4 tills (docs/VISION.md, "Threads
    /// by load"). Registered once: ONNX Runtime refuses a second allocator for the same memory. When the host has already
    /// registered one, the sessions use the host's; when none could be registered, each session falls back to its own.
    /// </summary>
    private static readonly Lazy<bool> SharedArena = new(() =>
    {
        using var memory = new OrtMemoryInfo(OrtMemoryInfo.allocatorCPU, OrtAllocatorType.ArenaAllocator, 0, OrtMemType.Default);
        // maximum 0: no limit of its own (the inference limiter bounds the runs at once); 1: extend by what was requested.
        using var arena = new OrtArenaCfg(0, 1, -1, -1);
        try
        {
            OrtEnv.Instance().CreateAndRegisterAllocator(memory, arena);
            return true;
        }
        catch (OnnxRuntimeException)
        {
            return false;
        }
    });

    /// <summary>
    /// <see cref="DefaultSessionOptions"/> on one thread: for a run that starts while others execute. Under concurrent
    /// payments the cores are already busy with the other runs, and one thread per run gave more payments a second and a
    /// lower median than two (docs/VISION.md, "Threads by load").
    /// </summary>
    public static SessionOptions BesideOthersSessionOptions()
    {
        var options = DefaultSessionOptions();
        options.IntraOpNumThreads = 1;
        return options;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        TinyFaceDetector.Dispose();
        SsdMobilenetV1.Dispose();
        SsdMobilenetV1Landscape?.Dispose();
        FaceLandmark68.Dispose();
        FaceRecognition.Dispose();
        Antispoof?.Dispose();
        Liveness?.Dispose();
        foreach (var model in _recognizers.Values.Where(m => m.IsValueCreated))
            model.Value.Dispose();
        Threads?.Dispose();
    }
}
