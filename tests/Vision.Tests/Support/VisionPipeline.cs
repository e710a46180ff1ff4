using Ledger.Vision.Import;
using Ledger.Vision.Inference;
using Ledger.Vision.Verification;
using Xunit;

namespace Ledger.Vision.Tests.Support;

/// <summary>
/// The real networks from <c>.models/pack</c>, loaded once for all tests of the collection. If the pack is
/// missing but the npm package is already in <c>.models/npm</c>, the importer builds it first; otherwise
/// the tests fail with the set-up command to run.
/// </summary>
public sealed class VisionPipeline : IDisposable
{
    public VisionPipeline()
    {
        if (!File.Exists(Path.Combine(FacePaths.ModelPack, "manifest.json")))
        {
            if (!Directory.Exists(FacePaths.NpmWeights))
                throw new InvalidOperationException(
                    $"No model pack at {FacePaths.ModelPack} and no face-api package at {FacePaths.NpmWeights}: run scripts/models.sh.");
            ModelImporter.Import(FacePaths.NpmWeights, FacePaths.ModelPack, FacePaths.NpmHumanModels);
        }
        // A generous run timeout: the test machine's two cores are shared with the other suites.
        Options = new VisionOptions { ModelPackDirectory = FacePaths.ModelPack, InferenceTimeout = TimeSpan.FromSeconds(60) };
        Models = VisionModels.Load(Options);
        Verifier = FaceVerifier.Create(Models, Options);
    }

    public VisionOptions Options { get; }

    public VisionModels Models { get; }

    /// <summary>The default pipeline: ssd_mobilenetv1 with the tight-crop fallbacks, threshold 0.6.</summary>
    public FaceVerifier Verifier { get; }

    public FaceAnalysis Analyze(string path, bool allFaces = false) => Verifier.Analyze(File.ReadAllBytes(path), allFaces);

    public void Dispose() => Models.Dispose();
}

[CollectionDefinition(Name)]
public sealed class VisionPipelineCollection : ICollectionFixture<VisionPipeline>
{
    public const string Name = "vision pipeline";
}
