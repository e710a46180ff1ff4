namespace Ledger.Vision.Onnx;

/// <summary>
/// A graph under construction. Everything is kept in lists in the order it was added, so the same
/// sequence of calls always serialises to the same bytes.
/// </summary>
internal sealed class OnnxGraph(string name)
{
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly HashSet<string> _names = [];

    public string Name { get; } = name;

    public IReadOnlyList<OnnxNode> Nodes => _nodes;

    public IReadOnlyList<OnnxTensor> Initializers => _initializers;

    public IReadOnlyList<OnnxValueInfo> Inputs => _inputs;

    public IReadOnlyList<OnnxValueInfo> Outputs => _outputs;

    public string Input(string valueName, params OnnxDim[] shape)
    {
        Claim(valueName);
        _inputs.Add(new OnnxValueInfo(valueName, shape));
        return valueName;
    }

    /// <summary>Declares <paramref name="valueName"/> (already produced by a node) a graph output.</summary>
    public void Output(string valueName, params OnnxDim[] shape)
    {
        if (!_names.Contains(valueName))
            throw new InvalidOperationException($"graph {Name}: output {valueName} is not produced by any node");
        _outputs.Add(new OnnxValueInfo(valueName, shape));
    }

    public string Constant(OnnxTensor tensor)
    {
        Claim(tensor.Name);
        _initializers.Add(tensor);
        return tensor.Name;
    }

    public string Constant(string valueName, IReadOnlyList<long> dims, ReadOnlySpan<float> values) =>
        Constant(OnnxTensor.Floats(valueName, dims, values));

    public string Constant(string valueName, params long[] int64Values) =>
        Constant(OnnxTensor.Int64s(valueName, int64Values));

    /// <summary>Adds a node with one output named <paramref name="output"/> and returns that name.</summary>
    public string Node(string opType, string output, IReadOnlyList<string> inputs, params OnnxAttribute[] attributes)
    {
        Claim(output);
        _nodes.Add(new OnnxNode(output, opType, inputs, [output], attributes));
        return output;
    }

    private void Claim(string valueName)
    {
        if (!_names.Add(valueName))
            throw new InvalidOperationException($"graph {Name}: value name {valueName} used twice");
    }
}
