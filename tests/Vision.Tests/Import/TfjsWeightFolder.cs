using System.Text.Json;

namespace Ledger.Vision.Tests.Import;

/// <summary>A hand-made tfjs weights manifest + shard in a temporary folder.</summary>
internal sealed class TfjsWeightFolder : IDisposable
{
    public TfjsWeightFolder()
    {
        Directory.CreateDirectory(Path);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ledger-tfjs-" + Guid.NewGuid().ToString("N"));

    public string ManifestPath => System.IO.Path.Combine(Path, "net-weights_manifest.json");

    public void Write(object[] weights, byte[] shard, string shardName = "net.bin", string[]? paths = null)
    {
        var manifest = new[] { new { paths = paths ?? [shardName], weights } };
        File.WriteAllText(ManifestPath, JsonSerializer.Serialize(manifest));
        File.WriteAllBytes(System.IO.Path.Combine(Path, shardName), shard);
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
