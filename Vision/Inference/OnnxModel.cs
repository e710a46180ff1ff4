using Microsoft.ML.OnnxRuntime;
using Ledger.Vision.Diagnostics;
using Polly;

namespace Ledger.Vision.Inference;

/// <summary>
/// One network: a single <see cref="InferenceSession"/> shared by all callers (ONNX Runtime's <c>Run</c>
/// is thread-safe), run through a resilience pipeline (timeout + concurrency limiter). Created once per
/// process; never per call.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    private readonly InferenceSession _session;
    private readonly ResiliencePipeline _pipeline;
    private readonly KeyValuePair<string, object?> _modelTag;

    /// <summary>Loads <paramref name="info"/>'s file with the injected session options.</summary>
    public OnnxModel(ModelInfo info, SessionOptions options, ResiliencePipeline pipeline)
    {
        Info = info;
        _session = new InferenceSession(info.Path, options);
        _pipeline = pipeline;
        InputName = _session.InputNames[0];
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

    private float[][] RunCore(Memory<float> input, long[] shape, IReadOnlyList<string> outputNames, CancellationToken ct)
    {
        using var runOptions = new RunOptions();
        // ONNX Runtime checks this flag between nodes: the timeout really stops the work.
        using var registration = ct.Register(() => runOptions.Terminate = true);
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, shape);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            using var outputs = _session.Run(runOptions, [InputName], [inputValue], outputNames.ToArray());
            var result = new float[outputs.Count][];
            for (int i = 0; i < outputs.Count; i++)
                result[i] = outputs[i].GetTensorDataAsSpan<float>().ToArray();
            VisionMetrics.NetworkDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, _modelTag);
            return result;
        }
        catch (OnnxRuntimeException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();
}
