using Microsoft.ML.OnnxRuntime;
using Ledger.Vision.Diagnostics;
using Polly;

namespace Ledger.Vision.Inference;

/// <summary>
/// One network: its <see cref="InferenceSession"/>s shared by all callers (ONNX Runtime's <c>Run</c> is thread-safe), run
/// through a resilience pipeline (timeout + concurrency limiter). Created once per process; never per call. With two
/// sessions, a run that starts while no other network runs takes the first (every core), and a run beside others the
/// second (one core): see <see cref="RunsInFlight"/>. The second is created, off the caller's path, when a run first
/// starts beside another: a process that never runs networks concurrently never holds it (until it exists, such runs
/// take the first). Given <see cref="NetworkThreads"/>, the sessions are created and every run executes on those threads,
/// at their lower CPU priority.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _alone;
    private readonly Lazy<InferenceSession>? _beside;
    private readonly PrePackedWeightsContainer? _prepacked;
    private Task? _creatingBeside;
    private readonly RunsInFlight _runs;
    private readonly ResiliencePipeline _pipeline;
    private readonly NetworkThreads? _threads;
    private readonly KeyValuePair<string, object?> _modelTag;
    private static readonly KeyValuePair<string, object?> AllCores = new("cores", "all");
    private static readonly KeyValuePair<string, object?> OneCore = new("cores", "one");

    /// <summary>Loads <paramref name="info"/>'s file with the injected session options: one session for every run.</summary>
    public OnnxModel(ModelInfo info, SessionOptions options, ResiliencePipeline pipeline)
        : this(info, options, null, new RunsInFlight(), pipeline)
    {
    }

    /// <summary>
    /// Loads <paramref name="info"/>'s file with <paramref name="alone"/> for runs that start while none of
    /// <paramref name="runs"/> executes, and (when given, on the first run beside another) with <paramref name="beside"/>
    /// for the others. Both sessions share their pre-packed weights. With <paramref name="threads"/>, the sessions are
    /// created and the runs execute on them; without, on the caller's thread.
    /// </summary>
    public OnnxModel(ModelInfo info, SessionOptions alone, SessionOptions? beside, RunsInFlight runs, ResiliencePipeline pipeline,
        NetworkThreads? threads = null)
    {
        Info = info;
        _runs = runs;
        _pipeline = pipeline;
        _threads = threads;
        if (beside is null)
            _alone = OnNetworkThread(() => new InferenceSession(info.Path, alone));
        else
        {
            var prepacked = _prepacked = new PrePackedWeightsContainer();
            _alone = OnNetworkThread(() => new InferenceSession(info.Path, alone, prepacked));
            _beside = new Lazy<InferenceSession>(() => OnNetworkThread(() => new InferenceSession(info.Path, beside, prepacked)));
        }
        InputName = _alone.InputNames[0];
        _modelTag = new KeyValuePair<string, object?>("model", info.Id);
    }

    /// <summary>Which weights these are.</summary>
    public ModelInfo Info { get; }

    /// <summary>Name of the graph's single input.</summary>
    public string InputName { get; }

    /// <summary>
    /// Runs the graph on one NHWC float tensor and copies out the requested outputs (in order), so no
    /// native buffer outlives the call.
    /// </summary>
    /// <exception cref="Polly.Timeout.TimeoutRejectedException">The run exceeded the configured timeout.</exception>
    /// <exception cref="Polly.RateLimiting.RateLimiterRejectedException">Too many runs were already waiting.</exception>
    public float[][] Run(float[] input, long[] shape, IReadOnlyList<string> outputNames, CancellationToken cancellationToken = default) =>
        Run(input.AsMemory(), shape, outputNames, cancellationToken);

    /// <summary>
    /// <see cref="Run(float[], long[], IReadOnlyList{string}, CancellationToken)"/> on memory the caller owns (a pooled
    /// buffer, <see cref="Imaging.PooledTensor"/>): ONNX Runtime reads it in place, and holds it only during the run.
    /// </summary>
    public float[][] Run(Memory<float> input, long[] shape, IReadOnlyList<string> outputNames, CancellationToken cancellationToken = default) =>
        _pipeline.Execute(static (state, ct) => state.self.RunCore(state.input, state.shape, state.outputNames, ct),
            (self: this, input, shape, outputNames), cancellationToken);

    private float[][] RunCore(Memory<float> input, long[] shape, IReadOnlyList<string> outputNames, CancellationToken ct) =>
        OnNetworkThread(() => RunHere(input, shape, outputNames, ct));

    // ONNX Runtime's intra-op threads inherit the priority of the thread that creates the session.
    private T OnNetworkThread<T>(Func<T> work) => _threads is null ? work() : _threads.Run(work);

    private float[][] RunHere(Memory<float> input, long[] shape, IReadOnlyList<string> outputNames, CancellationToken ct)
    {
        using var runOptions = new RunOptions();
        // ONNX Runtime checks this flag between nodes: the timeout really stops the work.
        using var registration = ct.Register(() => runOptions.Terminate = true);
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, shape);
        using var run = _runs.Enter();
        var session = run.Alone ? _alone : BesideOthers();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            using var outputs = session.Run(runOptions, [InputName], [inputValue], outputNames.ToArray());
            var result = new float[outputs.Count][];
            for (int i = 0; i < outputs.Count; i++)
                result[i] = outputs[i].GetTensorDataAsSpan<float>().ToArray();
            VisionMetrics.NetworkDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, _modelTag,
                session == _alone ? AllCores : OneCore);
            return result;
        }
        catch (OnnxRuntimeException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
    }

    /// <summary>The one-thread session once it exists; until then the first, while it is created in the background.</summary>
    private InferenceSession BesideOthers()
    {
        if (_beside is null) return _alone;
        if (_beside.IsValueCreated) return _beside.Value;
        if (Volatile.Read(ref _creatingBeside) is null)
        {
            var creating = new Task(() => _ = _beside.Value);
            if (Interlocked.CompareExchange(ref _creatingBeside, creating, null) is null) creating.Start(TaskScheduler.Default);
        }
        return _alone;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // A session still being created is waited for, so that it is disposed with the rest.
        try
        {
            Volatile.Read(ref _creatingBeside)?.Wait();
        }
        catch (AggregateException)
        {
            // It failed to load: there is nothing of it to dispose, and the runs kept to the first session.
        }
        _alone.Dispose();
        if (_beside is { IsValueCreated: true }) _beside.Value.Dispose();
        _prepacked?.Dispose();
    }
}
