using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ledger.Vision.Import.Graph;

/// <summary>
/// One GraphDef node as the tfjs converter writes it in JSON: name, op, inputs (<c>node</c>,
/// <c>node:1</c>, or <c>^node</c> for a control dependency) and AttrValue messages in proto3 JSON
/// (strings base64, 64-bit integers as strings).
/// </summary>
internal sealed record TfjsGraphNode(string Name, string Op, IReadOnlyList<string> Inputs, IReadOnlyDictionary<string, JsonElement> Attributes)
{
    public static TfjsGraphNode Parse(JsonElement node, string source)
    {
        var name = node.TryGetProperty("name", out var n) ? n.GetString() : null;
        var op = node.TryGetProperty("op", out var o) ? o.GetString() : null;
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(op))
            throw new ModelImportException($"{source}: a graph node lacks a name or an op");
        var inputs = node.TryGetProperty("input", out var i)
            ? i.EnumerateArray().Select(e => e.GetString()!).Where(s => !s.StartsWith('^')).ToList()
            : [];
        var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (node.TryGetProperty("attr", out var attr))
            foreach (var a in attr.EnumerateObject())
                attributes[a.Name] = a.Value.Clone();
        return new TfjsGraphNode(name, op, inputs, attributes);
    }

    /// <summary>The node that produces <paramref name="tensor"/>; only a node's first output is supported.</summary>
    public static string ProducerOf(string tensor, string consumer)
    {
        var colon = tensor.LastIndexOf(':');
        if (colon < 0)
            return tensor;
        if (tensor[(colon + 1)..] != "0")
            throw new ModelImportException($"node {consumer} reads output {tensor}; the importer reads only the first output of a node");
        return tensor[..colon];
    }

    public ModelImportException Unsupported(string what) => new($"node {Name} (op {Op}): {what}");

    public bool Has(string attribute) => Attributes.ContainsKey(attribute);

    /// <summary>A string attribute (<c>{"s": base64}</c>), e.g. padding or data_format.</summary>
    public string String(string attribute, string? fallback = null) =>
        Attributes.TryGetValue(attribute, out var a) && a.TryGetProperty("s", out var s)
            ? Encoding.UTF8.GetString(s.GetBytesFromBase64())
            : fallback ?? throw Unsupported($"attribute {attribute} is missing");

    public long Int(string attribute, long fallback) =>
        Attributes.TryGetValue(attribute, out var a) && a.TryGetProperty("i", out var i) ? Integer(i) : fallback;

    public float Float(string attribute, float fallback) =>
        Attributes.TryGetValue(attribute, out var a) && a.TryGetProperty("f", out var f) ? f.GetSingle() : fallback;

    public bool Bool(string attribute, bool fallback = false) =>
        Attributes.TryGetValue(attribute, out var a) && a.TryGetProperty("b", out var b) ? b.GetBoolean() : fallback;

    /// <summary>The data type name of a type attribute (<c>{"type": "DT_FLOAT"}</c>).</summary>
    public string Type(string attribute) =>
        Attributes.TryGetValue(attribute, out var a) && a.TryGetProperty("type", out var t) ? t.GetString()! : "DT_FLOAT";

    /// <summary>An int list attribute (<c>{"list": {"i": [...]}}</c>); empty when absent.</summary>
    public long[] Ints(string attribute) =>
        Attributes.TryGetValue(attribute, out var a) && a.TryGetProperty("list", out var l) && l.TryGetProperty("i", out var i)
            ? i.EnumerateArray().Select(Integer).ToArray()
            : [];

    /// <summary>A string list attribute (<c>{"list": {"s": [base64...]}}</c>), e.g. fused_ops.</summary>
    public string[] Strings(string attribute) =>
        Attributes.TryGetValue(attribute, out var a) && a.TryGetProperty("list", out var l) && l.TryGetProperty("s", out var s)
            ? s.EnumerateArray().Select(e => Encoding.UTF8.GetString(e.GetBytesFromBase64())).ToArray()
            : [];

    /// <summary>The dims of a TensorShapeProto in JSON (<c>{"dim": [{"size": "-1"}, ...]}</c>).</summary>
    public static long[] Dims(JsonElement shape) =>
        shape.TryGetProperty("dim", out var dims)
            ? dims.EnumerateArray().Select(d => d.TryGetProperty("size", out var s) ? Integer(s) : 0).ToArray()
            : [];

    private static long Integer(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? long.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetInt64();
}
