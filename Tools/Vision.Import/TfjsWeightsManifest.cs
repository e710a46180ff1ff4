using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Vision.Import;

/// <summary>
/// A TensorFlow.js <c>*-weights_manifest.json</c>: groups of tensors, each group stored across its
/// <c>paths</c> (shards) concatenated, tensors packed back to back in manifest order.
/// </summary>
internal sealed record TfjsWeightsManifest(IReadOnlyList<TfjsWeightGroup> Groups)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static TfjsWeightsManifest Parse(string json, string sourceName)
    {
        List<TfjsWeightGroup>? groups;
        try
        {
            groups = JsonSerializer.Deserialize<List<TfjsWeightGroup>>(json, Json);
        }
        catch (JsonException e)
        {
            throw new ModelImportException($"{sourceName}: not a tfjs weights manifest ({e.Message})");
        }
        if (groups is null || groups.Count == 0)
            throw new ModelImportException($"{sourceName}: the weights manifest lists no weight groups");
        foreach (var group in groups)
        {
            if (group.Paths is null || group.Paths.Count == 0 || group.Weights is null)
                throw new ModelImportException($"{sourceName}: a weight group has no paths or no weights");
            foreach (var weight in group.Weights)
                if (string.IsNullOrEmpty(weight.Name) || weight.Shape is null || string.IsNullOrEmpty(weight.Dtype))
                    throw new ModelImportException($"{sourceName}: a weight entry lacks name, shape or dtype");
        }
        return new TfjsWeightsManifest(groups);
    }
}

internal sealed record TfjsWeightGroup(
    [property: JsonPropertyName("paths")] IReadOnlyList<string> Paths,
    [property: JsonPropertyName("weights")] IReadOnlyList<TfjsWeightEntry> Weights);

internal sealed record TfjsWeightEntry(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("shape")] IReadOnlyList<int> Shape,
    [property: JsonPropertyName("dtype")] string Dtype,
    [property: JsonPropertyName("quantization")] TfjsQuantization? Quantization);

/// <summary>
/// How a tensor is stored when quantised: <c>uint8</c>/<c>uint16</c> with value = q * scale + min,
/// or <c>float16</c> halves (tfjs-core <c>io</c> decodeWeights).
/// </summary>
internal sealed record TfjsQuantization(
    [property: JsonPropertyName("dtype")] string Dtype,
    [property: JsonPropertyName("scale")] double? Scale,
    [property: JsonPropertyName("min")] double? Min);
