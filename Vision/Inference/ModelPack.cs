using System.Security.Cryptography;
using System.Text.Json;

namespace Ledger.Vision.Inference;

/// <summary>
/// The model pack written by the importer (<c>Tools/Vision.Import</c>): <c>manifest.json</c> plus one ONNX
/// file per network. Loading hashes every file and refuses one whose SHA-256 differs from the manifest,
/// so the hash reported with each result is the hash of the bytes actually run.
/// </summary>
public sealed class ModelPack
{
    /// <summary>Model ids the pipeline needs.</summary>
    public const string TinyFaceDetector = "tiny_face_detector";
    /// <summary>ssd_mobilenetv1 detector id.</summary>
    public const string SsdMobilenetV1 = "ssd_mobilenetv1";
    /// <summary>ssd_mobilenetv1's landscape graph (512 x 384, the same weights); optional in a pack.</summary>
    public const string SsdMobilenetV1Landscape = "ssd_mobilenetv1_landscape";
    /// <summary>68-point landmark network id.</summary>
    public const string FaceLandmark68 = "face_landmark_68";
    /// <summary>128-d descriptor network id.</summary>
    public const string FaceRecognition = "face_recognition";
    /// <summary>human's antispoof network (128x128, sigmoid "real"); optional in a pack.</summary>
    public const string Antispoof = "antispoof";
    /// <summary>human's liveness network (32x32, softmax over 2 classes); optional in a pack.</summary>
    public const string Liveness = "liveness";

    private readonly Dictionary<string, ModelInfo> _models;
    private readonly Dictionary<string, (Embedding.RecognitionSpec Spec, int InputSize)> _recognizers;

    private ModelPack(string directory, Dictionary<string, ModelInfo> models, Dictionary<string, (Embedding.RecognitionSpec, int)> recognizers,
        int? calibrationRevision)
    {
        CalibrationRevision = calibrationRevision;
        Directory = directory;
        _models = models;
        _recognizers = recognizers;
    }

    /// <summary>Ids of the recognition networks whose manifest entry describes their embedding (<c>recognition</c>).</summary>
    public IReadOnlyCollection<string> Recognizers => _recognizers.Keys;

    /// <summary>The embedding description and square input side of recognizer <paramref name="id"/>, or null.</summary>
    public (Embedding.RecognitionSpec Spec, int InputSize)? Recognition(string id) =>
        _recognizers.TryGetValue(id, out var r) ? r : null;

    /// <summary>Revision of the recognizers' operating points in the manifest (<c>calibration</c>); null for packs without one.</summary>
    public int? CalibrationRevision { get; }

    /// <summary>The pack folder.</summary>
    public string Directory { get; }

    /// <summary>Every model listed in the manifest.</summary>
    public IReadOnlyCollection<ModelInfo> Models => _models.Values;

    /// <summary>The model with id <paramref name="id"/>.</summary>
    /// <exception cref="ModelPackException">The manifest does not list it.</exception>
    public ModelInfo Get(string id) => _models.TryGetValue(id, out var m) ? m
        : throw new ModelPackException($"The model pack in '{Directory}' has no model '{id}'. Run scripts/models.sh.");

    /// <summary>Whether the pack lists a model <paramref name="id"/>.</summary>
    public bool Has(string id) => _models.ContainsKey(id);

    /// <summary>
    /// Whether the manifest in <paramref name="directory"/> lists every model in <paramref name="ids"/>: a cheap
    /// look at the manifest alone (no hashing), for deciding at start-up which optional services to offer.
    /// </summary>
    public static bool Lists(string directory, params string[] ids)
    {
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath))
            return false;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            var listed = ManifestEntries(json.RootElement).Select(e => Text(e, "id")).ToHashSet(StringComparer.Ordinal);
            return ids.All(listed.Contains);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads and verifies the pack in <paramref name="directory"/>.</summary>
    /// <exception cref="ModelPackException">The manifest or a model file is missing, or a hash differs.</exception>
    public static ModelPack Load(string directory)
    {
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath))
            throw new ModelPackException($"No model pack at '{Path.GetFullPath(directory)}' (manifest.json missing). Run scripts/models.sh.");

        using var json = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
        var models = new Dictionary<string, ModelInfo>(StringComparer.Ordinal);
        var recognizers = new Dictionary<string, (Embedding.RecognitionSpec, int)>(StringComparer.Ordinal);
        foreach (var entry in ManifestEntries(json.RootElement))
        {
            var id = Text(entry, "id") ?? throw new ModelPackException($"A model in '{manifestPath}' has no id.");
            var file = Text(entry, "file") ?? Text(entry, "onnx") ?? Text(entry, "path") ?? $"{id}.onnx";
            var path = Path.Combine(directory, file);
            if (!File.Exists(path))
                throw new ModelPackException($"Model file '{path}' listed in the manifest is missing. Run scripts/models.sh.");
            var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            var expected = Text(entry, "sha256");
            if (expected is not null && !string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
                throw new ModelPackException($"Model file '{path}' has SHA-256 {actual}, the manifest says {expected}.");
            var version = Text(entry, "version") ?? "unversioned";
            models[id] = new ModelInfo(id, version, actual, Path.GetFullPath(path));
            if (entry.TryGetProperty("recognition", out var recognition) && recognition.ValueKind == JsonValueKind.Object
                && entry.TryGetProperty("inputSize", out var size) && size.TryGetInt32(out var inputSize))
                recognizers[id] = (recognition.Deserialize<Embedding.RecognitionSpec>(ModelPackJson.Options)
                                   ?? throw new ModelPackException($"Model '{id}' in '{manifestPath}' has an empty recognition entry."), inputSize);
        }
        var calibration = json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("calibration", out var c)
                          && c.TryGetInt32(out var revision) ? revision : (int?)null;
        return new ModelPack(directory, models, recognizers, calibration);
    }

    // The manifest holds either {"models": [ {...}, ... ]} or {"models": {"id": {...}}}.
    private static IEnumerable<JsonElement> ManifestEntries(JsonElement root)
    {
        var models = root.TryGetProperty("models", out var m) ? m : root;
        if (models.ValueKind == JsonValueKind.Array)
            return models.EnumerateArray().ToList();
        return models.EnumerateObject()
            .Where(p => p.Value.ValueKind == JsonValueKind.Object)
            .Select(p => p.Value.TryGetProperty("id", out _) ? p.Value : WithId(p.Name, p.Value))
            .ToList();
    }

    private static JsonElement WithId(string id, JsonElement value)
    {
        var merged = new Dictionary<string, JsonElement> { ["id"] = JsonSerializer.SerializeToElement(id) };
        foreach (var p in value.EnumerateObject())
            merged[p.Name] = p.Value;
        return JsonSerializer.SerializeToElement(merged);
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
