using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import;

/// <summary>An npm package whose networks the pack holds, and the importer's graph revision for them.</summary>
/// <param name="Package">npm package name.</param>
/// <param name="Version">Exact version (pinned in <c>scripts/models.sh</c> with the tarball's sha512).</param>
/// <param name="License">The package's licence.</param>
/// <param name="GraphRevision">Bumped when a graph changes for the same weights, so packs built by older importers are rebuilt.</param>
/// <param name="ModelFolder">Folder of the package that holds the weights.</param>
internal sealed record ModelPackage(string Package, string Version, string License, int GraphRevision, string ModelFolder)
{
    /// <summary>What the manifest records as a model's version, e.g. <c>1.7.15+onnx.1</c>.</summary>
    public string ModelVersion => $"{Version}+onnx.{GraphRevision}";

    public ModelSource ToSource() => new(Package, Version, License);
}

/// <summary>One network of a package: its source file, its graph recipe and what the manifest says about it.</summary>
internal sealed record NetworkRecipe(
    ModelPackage Source,
    string Id,
    string SourceFile,
    Func<string, OnnxGraph> Build,
    int InputSize,
    string Padding,
    Normalisation Normalisation,
    double? RecommendedThreshold,
    double? IouThreshold,
    int? MaxResults,
    IReadOnlyList<double[]>? Anchors,
    IReadOnlyDictionary<string, string> OutputMeanings,
    string? Crop = null,
    string InputMeaning = "float32 NHWC RGB 0..255 after resize and padding; normalisation is inside the graph",
    Embedding.RecognitionSpec? Recognition = null);
