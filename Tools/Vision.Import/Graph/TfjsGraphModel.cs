using System.Text.Json;

namespace Ledger.Vision.Import.Graph;

/// <summary>
/// A TensorFlow.js <em>graph</em> model (<c>model.json</c> with <c>"format": "graph-model"</c>): the
/// converter's GraphDef as a JSON node list (<c>modelTopology.node</c>), the serving signature, and the
/// weights manifest (every <c>Const</c> node's value is a weight of the same name in the shards).
/// </summary>
internal sealed record TfjsGraphModel(
    string SourceName,
    IReadOnlyList<TfjsGraphNode> Nodes,
    IReadOnlyList<TfjsSignatureTensor> Inputs,
    IReadOnlyList<TfjsSignatureTensor> Outputs,
    TfjsWeightsManifest Weights)
{
    public static TfjsGraphModel Load(string path)
    {
        if (!File.Exists(path))
            throw new ModelImportException($"graph model {path} not found");
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            return Parse(json.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new ModelImportException($"{path}: not a tfjs graph model ({e.Message})");
        }
    }

    private static TfjsGraphModel Parse(JsonElement root, string path)
    {
        if (!root.TryGetProperty("format", out var format) || format.GetString() != "graph-model")
            throw new ModelImportException($"{path}: not a tfjs graph model (format is not 'graph-model'; a layers model needs the layers importer)");
        if (!root.TryGetProperty("modelTopology", out var topology) || !topology.TryGetProperty("node", out var nodes))
            throw new ModelImportException($"{path}: the graph model has no modelTopology.node list");
        if (!root.TryGetProperty("weightsManifest", out var weights))
            throw new ModelImportException($"{path}: the graph model has no weightsManifest");
        // Older converters put the signature under userDefinedMetadata (human-models' mobilefacenet), sometimes without inputs.
        if (!root.TryGetProperty("signature", out var signature)
            && !(root.TryGetProperty("userDefinedMetadata", out var metadata) && metadata.TryGetProperty("signature", out signature)))
            throw new ModelImportException($"{path}: the graph model has no signature naming its inputs and outputs");

        return new TfjsGraphModel(
            path,
            nodes.EnumerateArray().Select(n => TfjsGraphNode.Parse(n, path)).ToList(),
            signature.TryGetProperty("inputs", out _) ? SignatureTensors(signature, "inputs", path) : [],
            SignatureTensors(signature, "outputs", path),
            TfjsWeightsManifest.Parse(weights.GetRawText(), path));
    }

    private static List<TfjsSignatureTensor> SignatureTensors(JsonElement signature, string property, string path)
    {
        if (!signature.TryGetProperty(property, out var tensors) || tensors.ValueKind != JsonValueKind.Object)
            throw new ModelImportException($"{path}: the signature lists no {property}");
        var list = new List<TfjsSignatureTensor>();
        foreach (var tensor in tensors.EnumerateObject())
        {
            var name = tensor.Value.TryGetProperty("name", out var n) ? n.GetString() : null;
            if (string.IsNullOrEmpty(name))
                throw new ModelImportException($"{path}: signature {property} entry {tensor.Name} has no tensor name");
            var shape = tensor.Value.TryGetProperty("tensorShape", out var s) ? TfjsGraphNode.Dims(s) : [];
            list.Add(new TfjsSignatureTensor(tensor.Name, name, shape));
        }
        return list;
    }
}

/// <summary>A signature entry: its key, the graph tensor (<c>node</c> or <c>node:index</c>) and its shape (-1 = free).</summary>
internal sealed record TfjsSignatureTensor(string Key, string TensorName, IReadOnlyList<long> Shape)
{
    /// <summary>The node that produces the tensor (the signature writes <c>Identity:0</c>).</summary>
    public string NodeName => TfjsGraphNode.ProducerOf(TensorName, "signature");
}
