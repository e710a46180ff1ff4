using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import.Graph;

/// <summary>Convolutions and pools: NHWC in and out, NCHW (ONNX's only layout for them) inside.</summary>
internal sealed partial class TfjsGraphConverter
{
    private string Convolution(TfjsGraphNode node, bool depthwise)
    {
        RequireNhwc(node);
        var filters = ConstantValues(node, 1);
        if (filters.Rank != 4)
            throw node.Unsupported($"filter {filters.Name} has rank {filters.Rank}, expected 4");
        var (dims, values) = depthwise ? TfFilterLayout.DepthwiseToOihw(filters) : TfFilterLayout.ToOihw(filters);
        var inputs = new List<string> { ToNchw(node), Graph.Constant($"{filters.Name}#oihw", dims, values) };

        // The fused variants (grappler's remapper) append BiasAdd and at most one activation.
        var fused = node.Op.StartsWith("_Fused", StringComparison.Ordinal) || node.Op.StartsWith("Fused", StringComparison.Ordinal)
            ? node.Strings("fused_ops")
            : [];
        var rest = fused.AsSpan();
        if (rest.Length > 0 && rest[0] == "BiasAdd")
        {
            inputs.Add(Operand(node, 2));
            rest = rest[1..];
        }
        var attributes = new List<OnnxAttribute>
        {
            OnnxAttribute.Of("kernel_shape", dims[2], dims[3]),
            OnnxAttribute.Of("strides", SpatialPair(node, "strides")),
            OnnxAttribute.Of("dilations", SpatialPair(node, "dilations")),
            Padding(node),
        };
        if (depthwise)
            attributes.Add(OnnxAttribute.Of("group", (long)filters.Shape[2]));
        var x = Graph.Node("Conv", $"{node.Name}#conv", inputs, [.. attributes]);
        x = FusedActivation(node, x, rest, $"{node.Name}#act");
        return ToNhwc(node, x);
    }

    private string Pool(TfjsGraphNode node, string onnxOp)
    {
        RequireNhwc(node);
        var kernel = SpatialPair(node, "ksize");
        var pooled = Graph.Node(onnxOp, $"{node.Name}#pool", [ToNchw(node)],
            OnnxAttribute.Of("kernel_shape", kernel), OnnxAttribute.Of("strides", SpatialPair(node, "strides")), Padding(node));
        return ToNhwc(node, pooled);
    }

    private string ToNchw(TfjsGraphNode node) =>
        Graph.Node("Transpose", $"{node.Name}#nchw", [Operand(node, 0)], OnnxAttribute.Of("perm", 0, 3, 1, 2));

    private string ToNhwc(TfjsGraphNode node, string x) =>
        Graph.Node("Transpose", node.Name, [x], OnnxAttribute.Of("perm", 0, 2, 3, 1));

    private static void RequireNhwc(TfjsGraphNode node)
    {
        var format = node.String("data_format", "NHWC");
        if (format != "NHWC")
            throw node.Unsupported($"data_format {format}; only NHWC is supported");
    }

    /// <summary>The H and W entries of an NHWC list attribute (strides, dilations, ksize); 1, 1 when absent.</summary>
    private static long[] SpatialPair(TfjsGraphNode node, string attribute)
    {
        var values = node.Ints(attribute);
        if (values.Length == 0)
            return [1, 1];
        if (values.Length != 4 || values[0] != 1 || values[3] != 1)
            throw node.Unsupported($"{attribute} [{string.Join(", ", values)}]; only [1, h, w, 1] is supported");
        return [values[1], values[2]];
    }

    /// <summary>
    /// TF 'SAME' puts the odd padding pixel at the end, which is ONNX SAME_UPPER; pools then ignore the
    /// padding (max over real pixels, average over real pixels), as ONNX's defaults do.
    /// </summary>
    private static OnnxAttribute Padding(TfjsGraphNode node)
    {
        var padding = node.String("padding");
        switch (padding)
        {
            case "VALID":
                return OnnxAttribute.Of("pads", 0, 0, 0, 0);
            case "SAME":
                return OnnxAttribute.Of("auto_pad", "SAME_UPPER");
            case "EXPLICIT":
                var p = node.Ints("explicit_paddings");
                if (p.Length != 8 || p[0] != 0 || p[1] != 0 || p[6] != 0 || p[7] != 0)
                    throw node.Unsupported($"explicit_paddings [{string.Join(", ", p)}]; only H and W may be padded");
                return OnnxAttribute.Of("pads", p[2], p[4], p[3], p[5]);
            default:
                throw node.Unsupported($"padding {padding}");
        }
    }
}
