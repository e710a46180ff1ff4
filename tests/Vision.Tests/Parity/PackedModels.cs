using Ledger.Vision.Import;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace Ledger.Vision.Tests.Parity;

/// <summary>
/// One ONNX Runtime session per model of the pack under <c>.models/pack</c>, shared by the parity tests.
/// Fails with instructions when the pack has not been built.
/// </summary>
public sealed class PackedModels : IDisposable
{
    private readonly Dictionary<string, InferenceSession> _sessions = [];

    public PackedModels()
    {
        Directory = RepositoryPaths.RequireModelPack();
        Manifest = ModelPackManifest.Load(Directory);
    }

    public string Directory { get; }

    public ModelPackManifest Manifest { get; }

    /// <summary>Runs model <paramref name="id"/> on one NHWC image and returns every output by name.</summary>
    public Dictionary<string, float[]> Run(string id, float[] nhwc, int height, int width)
    {
        var session = Session(id);
        using var input = OrtValue.CreateTensorValueFromMemory(nhwc, [1, height, width, 3]);
        var outputNames = session.OutputNames;
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], outputNames);
        return outputNames.Zip(outputs).ToDictionary(p => p.First, p => p.Second.GetTensorDataAsSpan<float>().ToArray());
    }

    private InferenceSession Session(string id)
    {
        lock (_sessions)
        {
            if (!_sessions.TryGetValue(id, out var session))
                _sessions[id] = session = new InferenceSession(Path.Combine(Directory, Manifest.Get(id).File));
            return session;
        }
    }

    public void Dispose()
    {
        foreach (var session in _sessions.Values)
            session.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class PackedModelsCollection : ICollectionFixture<PackedModels>
{
    public const string Name = "packed models";
}
