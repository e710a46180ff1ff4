using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import.Graph;

/// <summary>What the ONNX graph built from a tfjs graph model is called and how it is fed and read.</summary>
/// <param name="GraphName">ONNX graph name (the model id).</param>
/// <param name="InputDivisor">The graph's input is divided by this first (255 when the network wants 0..1 but is fed 0..255).</param>
/// <param name="Outputs">Signature output key to ONNX output name, in the order the graph declares them.</param>
/// <param name="InputMean">Subtracted from the 0..255 input before the division (e.g. 127.5 for (x - 127.5) / 128); null for none.</param>
internal sealed record GraphImportSpec(string GraphName, float InputDivisor, IReadOnlyList<KeyValuePair<string, string>> Outputs, float? InputMean = null);

/// <summary>
/// Converts a tfjs graph model into an ONNX graph, node by node. Tensors keep TensorFlow's NHWC layout
/// everywhere, so element-wise ops, reshapes and reductions mean what they meant in TensorFlow; only the
/// spatial ops (convolutions, pools) are wrapped in NHWC to NCHW transposes, which ONNX Runtime's
/// optimiser cancels between neighbours. Nodes are emitted in a depth-first order from the outputs, so
/// the same model always gives the same bytes, and nodes the outputs do not need are left out.
/// </summary>
internal sealed partial class TfjsGraphConverter
{
    /// <summary>Every op the converter translates; anything else is refused with the node named.</summary>
    public static readonly IReadOnlySet<string> SupportedOps = new SortedSet<string>(StringComparer.Ordinal)
    {
        "Placeholder", "Const", "Identity", "StopGradient",
        "Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative", "MaxPool", "AvgPool",
        "MatMul", "_FusedMatMul", "BiasAdd", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum",
        "Relu", "Relu6", "Elu", "LeakyRelu", "Sigmoid", "Tanh", "Softmax", "Reshape", "Mean",
        "Abs", "Square", "Rsqrt", "Sum", "Squeeze", "Pad",
    };

    private readonly TfjsGraphModel _model;
    private readonly WeightMap _weights;
    private readonly GraphImportSpec _spec;
    private readonly Dictionary<string, TfjsGraphNode> _nodes;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private TfjsGraphConverter(TfjsGraphModel model, WeightMap weights, GraphImportSpec spec)
    {
        _model = model;
        _weights = weights;
        _spec = spec;
        _nodes = new Dictionary<string, TfjsGraphNode>(StringComparer.Ordinal);
        foreach (var node in model.Nodes)
            if (!_nodes.TryAdd(node.Name, node))
                throw new ModelImportException($"{model.SourceName}: two graph nodes are named {node.Name}");
        Graph = new OnnxGraph(spec.GraphName);
    }

    private OnnxGraph Graph { get; }

    public static OnnxGraph Convert(TfjsGraphModel model, WeightMap weights, GraphImportSpec spec)
    {
        var converter = new TfjsGraphConverter(model, weights, spec);
        var outputs = spec.Outputs.Select(o => (Signature: converter.SignatureOutput(o.Key), Name: o.Value)).ToList();
        foreach (var node in converter.Order(outputs.Select(o => o.Signature.NodeName)))
            converter.Translate(node);
        foreach (var (signature, name) in outputs)
        {
            converter.Graph.Node("Identity", name, [converter._values[signature.NodeName]]);
            converter.Graph.Output(name, Dims(signature.Shape));
        }
        return converter.Graph;
    }

    private TfjsSignatureTensor SignatureOutput(string key) =>
        _model.Outputs.FirstOrDefault(o => o.Key == key)
        ?? throw new ModelImportException(
            $"{_model.SourceName}: the signature has no output '{key}' (it has {string.Join(", ", _model.Outputs.Select(o => o.Key))})");

    /// <summary>Post-order depth-first walk from the outputs: each node after everything it reads.</summary>
    private List<TfjsGraphNode> Order(IEnumerable<string> outputNodes)
    {
        var order = new List<TfjsGraphNode>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the path, true: done
        void Visit(string name, string consumer)
        {
            if (state.TryGetValue(name, out var done))
            {
                if (!done)
                    throw new ModelImportException($"{_model.SourceName}: the graph has a cycle through node {name}");
                return;
            }
            if (!_nodes.TryGetValue(name, out var node))
                throw new ModelImportException($"{_model.SourceName}: node {consumer} reads {name}, which is not in the graph");
            state[name] = false;
            foreach (var input in node.Inputs)
                Visit(TfjsGraphNode.ProducerOf(input, node.Name), node.Name);
            state[name] = true;
            order.Add(node);
        }
        foreach (var name in outputNodes)
            Visit(name, "signature");
        return order;
    }

    private void Translate(TfjsGraphNode node)
    {
        if (!SupportedOps.Contains(node.Op))
            throw node.Unsupported($"op {node.Op} is not supported by the graph importer (supported: {string.Join(", ", SupportedOps)})");
        switch (node.Op)
        {
            case "Const":
                return; // emitted where it is read, in the form the reader needs
            case "Placeholder":
                _values[node.Name] = Placeholder(node);
                return;
            case "Identity" or "StopGradient":
                _values[node.Name] = Operand(node, 0);
                return;
            default:
                _values[node.Name] = TranslateOp(node);
                return;
        }
    }

    private string Placeholder(TfjsGraphNode node)
    {
        if (Graph.Inputs.Count > 0)
            throw node.Unsupported("a second graph input; the importer builds single-input graphs");
        if (node.Type("dtype") != "DT_FLOAT")
            throw node.Unsupported($"input of type {node.Type("dtype")}; only float inputs are supported");
        var shape = node.Attributes.TryGetValue("shape", out var s) && s.TryGetProperty("shape", out var inner)
            ? TfjsGraphNode.Dims(inner)
            : _model.Inputs.Single().Shape.ToArray();
        var input = Graph.Input("input", Dims(shape));
        if (_spec.InputMean is { } mean)
            input = Graph.Node("Sub", "input#centred", [input, Graph.Constant("input#mean", [], [mean])]);
        return _spec.InputDivisor == 1f ? input
            : Graph.Node("Div", "input#scaled", [input, Graph.Constant("input#divisor", [], [_spec.InputDivisor])]);
    }

    /// <summary>The ONNX value for input <paramref name="index"/> of <paramref name="node"/>; a Const becomes an initializer here.</summary>
    private string Operand(TfjsGraphNode node, int index)
    {
        if (index >= node.Inputs.Count)
            throw node.Unsupported($"expected at least {index + 1} inputs, has {node.Inputs.Count}");
        var producer = TfjsGraphNode.ProducerOf(node.Inputs[index], node.Name);
        if (_values.TryGetValue(producer, out var value))
            return value;
        var constant = _nodes[producer];
        if (constant.Op != "Const")
            throw node.Unsupported($"input {producer} has not been translated");
        var tensor = ConstantValues(node, index);
        var dims = tensor.Shape.Select(d => (long)d).ToArray();
        value = constant.Type("dtype") switch
        {
            "DT_FLOAT" => Graph.Constant(producer, dims, tensor.Values),
            "DT_INT32" => Graph.Constant(OnnxTensor.Int64s(producer, dims, tensor.Values.Select(v => (long)v).ToArray())),
            var other => throw constant.Unsupported($"constant of type {other}"),
        };
        _values[producer] = value;
        return value;
    }

    /// <summary>The weights behind a Const input, for ops that need the values at import time (filters, shapes, axes).</summary>
    private WeightTensor ConstantValues(TfjsGraphNode node, int index)
    {
        if (index >= node.Inputs.Count)
            throw node.Unsupported($"expected at least {index + 1} inputs, has {node.Inputs.Count}");
        var producer = TfjsGraphNode.ProducerOf(node.Inputs[index], node.Name);
        if (!_nodes.TryGetValue(producer, out var constant) || constant.Op != "Const")
            throw node.Unsupported($"input {index} ({producer}) must be a constant");
        if (!_weights.TryGet(producer, out var tensor))
            throw constant.Unsupported("the constant has no values in the weights manifest");
        return tensor;
    }

    private static OnnxDim[] Dims(IReadOnlyList<long> shape) =>
        shape.Select((d, i) => d >= 0 ? (OnnxDim)d : i == 0 ? "batch" : $"dim{i}").ToArray();
}
