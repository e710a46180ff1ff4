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

    private static string Weights
    {
        get
        {
            var folder = Path.Combine(RepositoryPaths.Root, ".models", "npm", "node_modules", "@vladmandic", "face-api", "model");
            if (!Directory.Exists(folder))
                throw new InvalidOperationException($"{folder} is missing. Run scripts/models.sh from the repository root first.");
            return folder;
        }
    }

    [Fact]
    public void Importing_twice_gives_byte_identical_packs_matching_the_installed_one()
    {
        var first = ModelImporter.Import(Weights, Path.Combine(_scratch, "a"));
        var second = ModelImporter.Import(Weights, Path.Combine(_scratch, "b"));

        foreach (var name in Directory.GetFiles(Path.Combine(_scratch, "a")).Select(Path.GetFileName))
            Assert.Equal(File.ReadAllBytes(Path.Combine(_scratch, "a", name!)), File.ReadAllBytes(Path.Combine(_scratch, "b", name!)));
        Assert.Equal(first.Models.Select(m => m.Sha256), second.Models.Select(m => m.Sha256));
        // The pack the tests run against is the one this importer builds.
        var installed = ModelPackManifest.Load(RepositoryPaths.RequireModelPack());
        Assert.True(first.Models.Select(m => m.Sha256).SequenceEqual(installed.Models.Select(m => m.Sha256)),
            "the pack in .models/pack was built by a different importer: bump FaceApiNetworks.GraphRevision when a graph changes, and run scripts/models.sh");
    }

    [Fact]
    public void The_manifest_describes_every_model_with_its_hash_and_io()
    {
        var manifest = ModelImporter.Import(Weights, _scratch);

        Assert.Equal(["face_landmark_68", "face_recognition", "ssd_mobilenetv1", "tiny_face_detector"], manifest.Models.Select(m => m.Id));
        Assert.Equal(("@vladmandic/face-api", "1.7.15"), (manifest.Source.Package, manifest.Source.Version));
        foreach (var model in manifest.Models)
        {
            Assert.Equal(ModelImporter.Sha256(File.ReadAllBytes(Path.Combine(_scratch, model.File))), model.Sha256);
            Assert.Equal("input", Assert.Single(model.Inputs).Name);
        }
        Assert.Equal([-1, 150, 150, 3], manifest.Get("face_recognition").Inputs[0].Shape);
        Assert.Equal([-1, 128], manifest.Get("face_recognition").Outputs[0].Shape);
        Assert.Equal(["boxes", "scores"], manifest.Get("ssd_mobilenetv1").Outputs.Select(o => o.Name));
        Assert.Equal(5, manifest.Get("tiny_face_detector").Anchors!.Count);
        Assert.Empty(ModelPackVerifier.Verify(_scratch));
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
