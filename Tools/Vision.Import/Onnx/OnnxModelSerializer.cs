namespace Ledger.Vision.Onnx;

/// <summary>
/// Writes a ModelProto. Field numbers are those of onnx.proto (ModelProto, GraphProto, NodeProto,
/// AttributeProto, TensorProto, ValueInfoProto, TypeProto, TensorShapeProto).
/// </summary>
internal static class OnnxModelSerializer
{
    /// <summary>IR version 8 is the one that goes with opset 17.</summary>
    public const long IrVersion = 8;

    public static byte[] Serialize(OnnxGraph graph, long opset, string producer, string producerVersion,
        IReadOnlyList<KeyValuePair<string, string>> metadata)
    {
        var model = new ProtoWriter();
        model.Int64(1, IrVersion);
        model.String(2, producer);
        model.String(3, producerVersion);
        model.Message(7, g => WriteGraph(g, graph));
        model.Message(8, o =>
        {
            o.String(1, "");
            o.Int64(2, opset);
        });
        foreach (var (key, value) in metadata)
            model.Message(14, e =>
            {
                e.String(1, key);
                e.String(2, value);
            });
        return model.ToArray();
    }

    private static void WriteGraph(ProtoWriter g, OnnxGraph graph)
    {
        foreach (var node in graph.Nodes)
            g.Message(1, n => WriteNode(n, node));
        g.String(2, graph.Name);
        foreach (var tensor in graph.Initializers)
            g.Message(5, t => WriteTensor(t, tensor));
        foreach (var input in graph.Inputs)
            g.Message(11, v => WriteValueInfo(v, input));
        foreach (var output in graph.Outputs)
            g.Message(12, v => WriteValueInfo(v, output));
    }

    private static void WriteNode(ProtoWriter n, OnnxNode node)
    {
        foreach (var input in node.Inputs)
            n.String(1, input);
        foreach (var output in node.Outputs)
            n.String(2, output);
        n.String(3, node.Name);
        n.String(4, node.OpType);
        foreach (var attribute in node.Attributes)
            n.Message(5, a => WriteAttribute(a, attribute));
    }

    private static void WriteAttribute(ProtoWriter a, OnnxAttribute attribute)
    {
        a.String(1, attribute.Name);
        switch (attribute.Kind)
        {
            case OnnxAttributeKind.Float:
                a.Float(2, attribute.Float);
                break;
            case OnnxAttributeKind.Int:
                a.Int64(3, attribute.Int);
                break;
            case OnnxAttributeKind.String:
                a.String(4, attribute.Text!);
                break;
            case OnnxAttributeKind.Ints:
                a.PackedInt64(8, attribute.Ints!);
                break;
            default:
                throw new InvalidOperationException($"attribute kind {attribute.Kind}");
        }
        a.Int64(20, (long)attribute.Kind);
    }

    private static void WriteTensor(ProtoWriter t, OnnxTensor tensor)
    {
        if (tensor.Dims.Count > 0)
            t.PackedInt64(1, tensor.Dims);
        t.Int64(2, (long)tensor.DataType);
        t.String(8, tensor.Name);
        t.Bytes(9, tensor.RawData);
    }

    private static void WriteValueInfo(ProtoWriter v, OnnxValueInfo info)
    {
        v.String(1, info.Name);
        v.Message(2, type => type.Message(1, tensorType =>
        {
            tensorType.Int64(1, (long)OnnxDataType.Float);
            tensorType.Message(2, shape =>
            {
                foreach (var dim in info.Shape)
                    shape.Message(1, d =>
                    {
                        if (dim.Param is null)
                            d.Int64(1, dim.Value);
                        else
                            d.String(2, dim.Param);
                    });
            });
        }));
    }
}
