using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import.Graph;

/// <summary>Layout-free ops: element-wise arithmetic and activations, matrix products, reshapes, reductions.</summary>
internal sealed partial class TfjsGraphConverter
{
    private string TranslateOp(TfjsGraphNode node) => node.Op switch
    {
        "Conv2D" or "_FusedConv2D" => Convolution(node, depthwise: false),
        "DepthwiseConv2dNative" or "FusedDepthwiseConv2dNative" => Convolution(node, depthwise: true),
        "MaxPool" => Pool(node, "MaxPool"),
        "AvgPool" => Pool(node, "AveragePool"),
        "MatMul" or "_FusedMatMul" => MatMul(node),
        "BiasAdd" => BiasAdd(node),
        "Add" or "AddV2" => Binary(node, "Add"),
        "Sub" => Binary(node, "Sub"),
        "Mul" => Binary(node, "Mul"),
        "RealDiv" => Binary(node, "Div"),
        "Maximum" => Binary(node, "Max"),
        "Minimum" => Binary(node, "Min"),
        "Relu" or "Relu6" or "Elu" or "LeakyRelu" or "Sigmoid" or "Tanh" => Activation(node, node.Op, Operand(node, 0), node.Name),
        "Softmax" => Graph.Node("Softmax", node.Name, [Operand(node, 0)], OnnxAttribute.Of("axis", -1L)),
        "Reshape" => Reshape(node),
        "Mean" => Mean(node),
        "Sum" => Sum(node),
        "Abs" => Graph.Node("Abs", node.Name, [Operand(node, 0)]),
        "Square" => Graph.Node("Mul", node.Name, [Operand(node, 0), Operand(node, 0)]),
        // tf.rsqrt is 1 / sqrt(x), computed in that order by tfjs's kernels.
        "Rsqrt" => Graph.Node("Reciprocal", node.Name, [Graph.Node("Sqrt", $"{node.Name}#sqrt", [Operand(node, 0)])]),
        "Squeeze" => Squeeze(node),
        "Pad" => Pad(node),
        _ => throw node.Unsupported($"op {node.Op} is listed as supported but has no translation"),
    };

    // TensorFlow and ONNX broadcast alike (numpy rules), so a per-channel constant of an NHWC tensor stays one.
    private string Binary(TfjsGraphNode node, string onnxOp) =>
        Graph.Node(onnxOp, node.Name, [Operand(node, 0), Operand(node, 1)]);

    private string BiasAdd(TfjsGraphNode node)
    {
        RequireNhwc(node);
        return Binary(node, "Add");
    }

    /// <summary><c>_FusedMatMul</c>: MatMul, then the fused BiasAdd and activation, as tfjs-converter executes it.</summary>
    private string MatMul(TfjsGraphNode node)
    {
        var a = Operand(node, 0);
        var b = Operand(node, 1);
        if (node.Bool("transpose_a"))
            a = Graph.Node("Transpose", $"{node.Name}#a_t", [a], OnnxAttribute.Of("perm", 1, 0));
        if (node.Bool("transpose_b"))
            b = Graph.Node("Transpose", $"{node.Name}#b_t", [b], OnnxAttribute.Of("perm", 1, 0));
        var fused = node.Op == "_FusedMatMul" ? node.Strings("fused_ops") : [];
        var rest = fused.AsSpan();
        var hasBias = rest.Length > 0 && rest[0] == "BiasAdd";
        if (hasBias)
            rest = rest[1..];
        var last = rest.IsEmpty && !hasBias;
        var x = Graph.Node("MatMul", last ? node.Name : $"{node.Name}#matmul", [a, b]);
        if (hasBias)
            x = Graph.Node("Add", rest.IsEmpty ? node.Name : $"{node.Name}#bias", [x, Operand(node, 2)]);
        return FusedActivation(node, x, rest, node.Name);
    }

    /// <summary>The activation a fused op carries after its BiasAdd (none, or one of the activation ops).</summary>
    private string FusedActivation(TfjsGraphNode node, string x, ReadOnlySpan<string> fusedOps, string output) => fusedOps.Length switch
    {
        0 => x,
        1 => Activation(node, fusedOps[0], x, output),
        _ => throw node.Unsupported($"fused ops [{string.Join(", ", fusedOps.ToArray())}]; supported: BiasAdd and one activation"),
    };

    private string Activation(TfjsGraphNode node, string activation, string x, string output) => activation switch
    {
        "Relu" or "Sigmoid" or "Tanh" => Graph.Node(activation, output, [x]),
        "Elu" => Graph.Node("Elu", output, [x], OnnxAttribute.Of("alpha", 1f)),
        // tfjs's fused leakyrelu reads leakyrelu_alpha (default 0.2, as tf.leakyRelu).
        "LeakyRelu" => Graph.Node("LeakyRelu", output, [x], OnnxAttribute.Of("alpha", node.Float(node.Has("leakyrelu_alpha") ? "leakyrelu_alpha" : "alpha", 0.2f))),
        "Relu6" => Graph.Node("Clip", output, [x, Scalar("const#zero", 0f), Scalar("const#six", 6f)]),
        _ => throw node.Unsupported($"activation {activation}; supported: Relu, Relu6, Elu, LeakyRelu, Sigmoid, Tanh"),
    };

    private string Scalar(string name, float value) =>
        Graph.Initializers.Any(i => i.Name == name) ? name : Graph.Constant(name, [], [value]);

    private string Reshape(TfjsGraphNode node)
    {
        var shape = ConstantValues(node, 1);
        // ONNX reads 0 as "copy this dimension"; TensorFlow as an empty one. A graph of ours never needs either.
        if (shape.Values.Contains(0f))
            throw node.Unsupported("a zero in the target shape");
        return Graph.Node("Reshape", node.Name, [Operand(node, 0), Operand(node, 1)]);
    }

    /// <summary><c>tf.mean</c>: opset 17's ReduceMean takes its axes as an attribute, so they must be constant.</summary>
    private string Mean(TfjsGraphNode node)
    {
        var axes = ConstantValues(node, 1).Values.Select(v => (long)v).ToArray();
        return Graph.Node("ReduceMean", node.Name, [Operand(node, 0)],
            OnnxAttribute.Of("axes", axes), OnnxAttribute.Of("keepdims", node.Bool("keep_dims") ? 1L : 0L));
    }

    /// <summary><c>tf.sum</c>: opset 17's ReduceSum takes its axes as an input (int64).</summary>
    private string Sum(TfjsGraphNode node)
    {
        var axes = ConstantValues(node, 1).Values.Select(v => (long)v).ToArray();
        return Graph.Node("ReduceSum", node.Name, [Operand(node, 0), Graph.Constant(OnnxTensor.Int64s($"{node.Name}#axes", axes))],
            OnnxAttribute.Of("keepdims", node.Bool("keep_dims") ? 1L : 0L));
    }

    /// <summary><c>tf.squeeze</c> with its dims listed (an unlisted squeeze would depend on runtime shapes).</summary>
    private string Squeeze(TfjsGraphNode node)
    {
        var dims = node.Ints("squeeze_dims");
        if (dims.Length == 0)
            throw node.Unsupported("a squeeze without squeeze_dims");
        return Graph.Node("Squeeze", node.Name, [Operand(node, 0), Graph.Constant(OnnxTensor.Int64s($"{node.Name}#axes", dims))]);
    }

    /// <summary>
    /// <c>tf.pad</c> with zeros: TensorFlow's paddings are <c>[[before, after]]</c> per dimension, ONNX's
    /// <c>[all befores, all afters]</c>.
    /// </summary>
    private string Pad(TfjsGraphNode node)
    {
        var paddings = ConstantValues(node, 1);
        if (paddings.Rank != 2 || paddings.Shape[1] != 2)
            throw node.Unsupported($"paddings of shape [{string.Join(", ", paddings.Shape)}], expected [rank, 2]");
        var rank = paddings.Shape[0];
        var pads = new long[2 * rank];
        for (var d = 0; d < rank; d++)
        {
            pads[d] = (long)paddings.Values[2 * d];
            pads[rank + d] = (long)paddings.Values[2 * d + 1];
        }
        return Graph.Node("Pad", node.Name, [Operand(node, 0), Graph.Constant(OnnxTensor.Int64s($"{node.Name}#pads", pads))]);
    }
}
