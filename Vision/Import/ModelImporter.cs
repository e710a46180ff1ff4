using System.Security.Cryptography;
using System.Text;
using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import;

/// <summary>
/// Turns the face-api.js weights folder (<c>node_modules/@vladmandic/face-api/model</c>) into a model
/// pack: one ONNX graph per network plus <c>manifest.json</c> and <c>SHA256SUMS</c>. The output depends
/// only on the weights: importing twice gives the same bytes.
/// </summary>
public static class ModelImporter
{
    /// <summary>Checksum file next to the manifest, in <c>sha256sum -c</c> format.</summary>
    public const string ChecksumFileName = "SHA256SUMS";

    /// <summary>Imports every network from <paramref name="weightsDirectory"/> into <paramref name="packDirectory"/>.</summary>
    /// <returns>The manifest written.</returns>
    /// <exception cref="ModelImportException">A weights file is missing, damaged or in an unknown format.</exception>
    public static ModelPackManifest Import(string weightsDirectory, string packDirectory)
    {
        if (!Directory.Exists(weightsDirectory))
            throw new ModelImportException($"weights folder {weightsDirectory} not found; run scripts/models.sh to fetch {FaceApiNetworks.Package}@{FaceApiNetworks.PackageVersion}");

        // Build everything in memory first, so a failure leaves an existing pack untouched.
        var files = new List<(string Name, byte[] Bytes)>();
        var models = new List<PackedModel>();
        foreach (var recipe in FaceApiNetworks.All)
        {
            var bytes = BuildModel(recipe, weightsDirectory, out var graph);
            var fileName = recipe.Id + ".onnx";
            files.Add((fileName, bytes));
            models.Add(Describe(recipe, graph, fileName, Sha256(bytes)));
        }

        var manifest = new ModelPackManifest(1,
            new ModelSource(FaceApiNetworks.Package, FaceApiNetworks.PackageVersion, FaceApiNetworks.License), models);
        files.Add((ModelPackManifest.FileName, Encoding.UTF8.GetBytes(manifest.ToJson())));
        var sums = string.Concat(files.Select(f => $"{Sha256(f.Bytes)}  {f.Name}\n"));
        files.Add((ChecksumFileName, Encoding.UTF8.GetBytes(sums)));

        Directory.CreateDirectory(packDirectory);
        foreach (var (name, bytes) in files)
        {
            var target = Path.Combine(packDirectory, name);
            var temporary = target + ".tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, target, overwrite: true);
        }
        return manifest;
    }

    /// <summary>Reads one network's weights and serialises its graph.</summary>
    internal static byte[] BuildModel(NetworkRecipe recipe, string weightsDirectory, out OnnxGraph graph)
    {
        var weights = TfjsWeightReader.Read(Path.Combine(weightsDirectory, recipe.WeightsManifest), recipe.Id);
        graph = recipe.Build(weights);
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("source", $"{FaceApiNetworks.Package}@{FaceApiNetworks.PackageVersion} model/{recipe.WeightsManifest}"),
            new("license", FaceApiNetworks.License),
        };
        return OnnxModelSerializer.Serialize(graph, FaceApiNetworks.Opset, "Ledger.Vision.Import", ModelVersion, metadata);
    }

    private static string ModelVersion => $"{FaceApiNetworks.PackageVersion}+onnx.{FaceApiNetworks.GraphRevision}";

    private static PackedModel Describe(NetworkRecipe recipe, OnnxGraph graph, string fileName, string sha256) =>
        new(recipe.Id, ModelVersion, fileName, sha256, FaceApiNetworks.Opset, recipe.WeightsManifest,
            recipe.InputSize, recipe.Padding, recipe.Normalisation, recipe.RecommendedThreshold, recipe.IouThreshold,
            recipe.MaxResults, recipe.Anchors,
            graph.Inputs.Select(i => new TensorDescription(i.Name, Shape(i),
                "float32 NHWC RGB 0..255 after resize and padding; normalisation is inside the graph")).ToList(),
            graph.Outputs.Select(o => new TensorDescription(o.Name, Shape(o), recipe.OutputMeanings[o.Name])).ToList());

    private static long[] Shape(OnnxValueInfo info) => info.Shape.Select(d => d.ManifestValue).ToArray();

    internal static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
