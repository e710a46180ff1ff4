using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Vision.Import;

/// <summary>
/// <c>manifest.json</c> of a model pack: which ONNX graphs it holds, where they came from, and how to
/// feed and read them. Written by <see cref="ModelImporter"/>; read by the runtime to find and check models.
/// </summary>
/// <param name="Format">Layout version of this file (<see cref="CurrentFormat"/>; 1 had one source for the whole pack).</param>
/// <param name="Models">One entry per ONNX file, ordered by id.</param>
/// <param name="Calibration">Revision of the recognizers' operating points (<c>RecognizerCalibration</c>) in this pack.</param>
public sealed record ModelPackManifest(int Format, int Calibration, IReadOnlyList<PackedModel> Models)
{
    /// <summary>File name of the manifest inside the pack folder.</summary>
    public const string FileName = "manifest.json";

    /// <summary>
    /// Format 3: recognition networks carry a <c>recognition</c> entry (embedding, metric, alignment, operating point).
    /// Format 2 gave each model its own source package.
    /// </summary>
    public const int CurrentFormat = 3;

    internal static JsonSerializerOptions Json => Inference.ModelPackJson.Options;

    /// <summary>Reads <c>manifest.json</c> from <paramref name="packDirectory"/>.</summary>
    /// <exception cref="ModelImportException">The manifest is missing or unreadable.</exception>
    public static ModelPackManifest Load(string packDirectory)
    {
        var path = Path.Combine(packDirectory, FileName);
        if (!File.Exists(path))
            throw new ModelImportException($"model pack manifest {path} not found; run scripts/models.sh to build the model pack");
        try
        {
            return JsonSerializer.Deserialize<ModelPackManifest>(File.ReadAllText(path), Json)
                   ?? throw new ModelImportException($"{path} is empty");
        }
        catch (JsonException e)
        {
            throw new ModelImportException($"{path} is not a model pack manifest ({e.Message})");
        }
    }

    /// <summary>The entry for model <paramref name="id"/> (e.g. <c>face_recognition</c>).</summary>
    /// <exception cref="ModelImportException">The pack holds no such model.</exception>
    public PackedModel Get(string id) =>
        Models.FirstOrDefault(m => m.Id == id)
        ?? throw new ModelImportException($"the model pack holds no model '{id}' (it has {string.Join(", ", Models.Select(m => m.Id))})");

    internal string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";
}

/// <summary>Where the weights came from.</summary>
/// <param name="Package">npm package name, <c>@vladmandic/face-api</c> or <c>@vladmandic/human</c>.</param>
/// <param name="Version">Exact package version, e.g. <c>1.7.15</c>.</param>
/// <param name="License">The package's licence.</param>
public sealed record ModelSource(string Package, string Version, string License);

/// <summary>One ONNX graph of the pack.</summary>
/// <param name="Id">Stable model id: <c>tiny_face_detector</c>, <c>ssd_mobilenetv1</c>, <c>face_landmark_68</c>, <c>face_recognition</c>, <c>antispoof</c>, <c>liveness</c>.</param>
/// <param name="Version">Source package version plus the importer's graph revision, e.g. <c>1.7.15+onnx.1</c>.</param>
/// <param name="Source">The npm package (and version) the weights were taken from.</param>
/// <param name="File">ONNX file name inside the pack folder.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the ONNX file.</param>
/// <param name="Opset">ONNX default-domain opset of the graph.</param>
/// <param name="SourceWeights">The tfjs weights manifest (layers) or model.json (graph models) the graph was built from.</param>
/// <param name="InputSize">Side of the square input the network was made for (the tiny detector accepts any multiple of 32).</param>
/// <param name="Padding"><c>bottom-right</c> (image at top-left, zeros after) or <c>centre</c> (zeros on both sides), as face-api.js pads to a square; <c>none</c> for the face-crop networks (see <paramref name="Crop"/>).</param>
/// <param name="Normalisation">What the graph does to the 0..255 input first (informational: the graph already does it).</param>
/// <param name="RecommendedThreshold">face-api.js default: detector score threshold, or Euclidean distance threshold for descriptors.</param>
/// <param name="IouThreshold">Non-maximum suppression IoU threshold (detectors).</param>
/// <param name="MaxResults">Most detections face-api.js keeps (SSD).</param>
/// <param name="Anchors">Tiny detector anchors (width, height) in grid cells.</param>
/// <param name="Inputs">Graph inputs; -1 in a shape is a free dimension.</param>
/// <param name="Outputs">Graph outputs; -1 in a shape is a free dimension.</param>
/// <param name="Crop">How the runtime cuts the face these networks were made for (the presentation-attack networks).</param>
/// <param name="Recognition">Recognition networks: embedding size, metric, colour order, alignment and the operating point with its evidence.</param>
public sealed record PackedModel(
    string Id,
    string Version,
    ModelSource Source,
    string File,
    string Sha256,
    int Opset,
    string SourceWeights,
    int InputSize,
    string Padding,
    Normalisation Normalisation,
    double? RecommendedThreshold,
    double? IouThreshold,
    int? MaxResults,
    IReadOnlyList<double[]>? Anchors,
    IReadOnlyList<TensorDescription> Inputs,
    IReadOnlyList<TensorDescription> Outputs,
    string? Crop = null,
    Embedding.RecognitionSpec? Recognition = null);

/// <summary>Input normalisation inside the graph: <c>(x - MeanRgb) / Divisor - Offset</c>.</summary>
public sealed record Normalisation(float[]? MeanRgb, float Divisor, float Offset);

/// <summary>A graph input or output: name, float32 shape (-1 = free) and what the values mean.</summary>
public sealed record TensorDescription(string Name, long[] Shape, string Meaning);
