using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import.Networks;

/// <summary>
/// Builds an NCHW ONNX graph from face-api.js layer calls. The tfjs code is written for NHWC tensors
/// with [kh, kw, in, out] filters; the graph transposes the NHWC input once and converts every filter,
/// so the layer functions below read like the package's <c>src/</c>.
/// </summary>
internal sealed class NetworkGraphBuilder(string graphName, WeightMap weights)
{
    private readonly Dictionary<string, string> _scalars = new(StringComparer.Ordinal);

    public OnnxGraph Graph { get; } = new(graphName);

    public WeightMap Weights { get; } = weights;

    /// <summary>
    /// Declares the NHWC RGB input and applies the network's normalisation (mean subtraction, then
    /// division, as face-api.js <c>normalize(...).div(...)</c>), then moves to NCHW.
    /// </summary>
    public string NormalisedInput(OnnxDim height, OnnxDim width, float[]? meanRgb, float divisor, float subtractAfter = 0)
    {
        var x = Graph.Input("input", "batch", height, width, 3);
        if (meanRgb is not null)
            x = Graph.Node("Sub", "preprocess/sub_mean", [x, Graph.Constant("preprocess/mean_rgb", [3], meanRgb)]);
        x = Graph.Node("Div", "preprocess/div", [x, Graph.Constant("preprocess/divisor", [], [divisor])]);
        if (subtractAfter != 0)
            x = Graph.Node("Sub", "preprocess/sub", [x, Graph.Constant("preprocess/offset", [], [subtractAfter])]);
        return Graph.Node("Transpose", "preprocess/nchw", [x], OnnxAttribute.Of("perm", 0, 3, 1, 2));
    }

    public string ToNhwc(string x, string output) =>
        Graph.Node("Transpose", output, [x], OnnxAttribute.Of("perm", 0, 2, 3, 1));

    /// <summary><c>tf.conv2d</c> with a [kh, kw, in, out] filter, plus an optional bias vector.</summary>
    public string Conv(string output, string x, string filtersName, string? biasName, int stride, TfPadding padding)
    {
        var (dims, converted) = TfFilterLayout.ToOihw(Weights.Get(filtersName, 4));
        int cout = (int)dims[0], kh = (int)dims[2], kw = (int)dims[3];
        var inputs = new List<string> { x, Graph.Constant(filtersName, dims, converted) };
        if (biasName is not null)
            inputs.Add(Vector(biasName, cout));
        return Graph.Node("Conv", output, inputs, ConvAttributes(kh, kw, stride, padding));
    }

    /// <summary><c>tf.depthwiseConv2d</c> with a [kh, kw, channels, 1] filter.</summary>
    public string DepthwiseConv(string output, string x, string filtersName, int stride, TfPadding padding)
    {
        var filters = Weights.Get(filtersName, 4);
        int kh = filters.Shape[0], kw = filters.Shape[1], channels = filters.Shape[2];
        if (filters.Shape[3] != 1)
            throw new ModelImportException($"{Weights.NetworkName}: {filtersName} has channel multiplier {filters.Shape[3]}, expected 1");
        var (dims, converted) = TfFilterLayout.DepthwiseToOihw(filters);
        var attributes = ConvAttributes(kh, kw, stride, padding).Append(OnnxAttribute.Of("group", (long)channels)).ToArray();
        return Graph.Node("Conv", output, [x, Graph.Constant(filtersName, dims, converted)], attributes);
    }

    /// <summary><c>tf.separableConv2d</c> (depthwise, then a 1x1 pointwise conv) followed by <c>tf.add(bias)</c>.</summary>
    public string SeparableConv(string prefix, string x, int stride, TfPadding padding)
    {
        var depthwise = DepthwiseConv($"{prefix}/depthwise", x, $"{prefix}/depthwise_filter", stride, padding);
        return Conv($"{prefix}/pointwise", depthwise, $"{prefix}/pointwise_filter", $"{prefix}/bias", 1, TfPadding.Valid);
    }

    /// <summary>A per-channel vector as a [1, C, 1, 1] constant that broadcasts over NCHW (or [C] for a conv bias).</summary>
    public string Vector(string weightName, int expectedLength)
    {
        var tensor = Weights.Get(weightName, 1);
        if (tensor.Shape[0] != expectedLength)
            throw new ModelImportException($"{Weights.NetworkName}: {weightName} has {tensor.Shape[0]} values, expected {expectedLength}");
        return Graph.Constant(weightName, [expectedLength], tensor.Values);
    }

    public string ChannelConstant(string weightName, int channels)
    {
        var tensor = Weights.Get(weightName, 1);
        if (tensor.Shape[0] != channels)
            throw new ModelImportException($"{Weights.NetworkName}: {weightName} has {tensor.Shape[0]} values, expected {channels}");
        return Graph.Constant(weightName, [1, channels, 1, 1], tensor.Values);
    }

    public string Relu(string output, string x) => Graph.Node("Relu", output, [x]);

    /// <summary>
    /// face-api.js <c>leaky</c>: relu(x - 0.1x) + 0.1x, i.e. a leaky ReLU with slope 0.1 (float32 0.1).
    /// </summary>
    public string Leaky(string output, string x) =>
        Graph.Node("LeakyRelu", output, [x], OnnxAttribute.Of("alpha", 0.1f));

    /// <summary><c>tf.clipByValue(x, 0, 6)</c> (ReLU6 of the MobileNet layers).</summary>
    public string Relu6(string output, string x) =>
        Graph.Node("Clip", output, [x, ScalarConstant("const/zero", 0f), ScalarConstant("const/six", 6f)]);

    public string Add(string output, string a, string b) => Graph.Node("Add", output, [a, b]);

    public string Mul(string output, string a, string b) => Graph.Node("Mul", output, [a, b]);

    public string MaxPool(string output, string x, int size, int stride, TfPadding padding) =>
        Graph.Node("MaxPool", output, [x], PoolAttributes(size, stride, padding));

    public string AvgPool(string output, string x, int size, int stride)
    {
        // face-api.js only average-pools with 'valid' padding, where no padding question arises.
        return Graph.Node("AveragePool", output, [x], PoolAttributes(size, stride, TfPadding.Valid));
    }

    /// <summary>Appends zeros at the end of each NCHW axis (the <c>tf.concat([x, zeros])</c> idiom).</summary>
    public string PadEnd(string output, string x, long channels, long height, long width)
    {
        var pads = Graph.Constant($"{output}/pads", 0, 0, 0, 0, 0, channels, height, width);
        return Graph.Node("Pad", output, [x, pads], OnnxAttribute.Of("mode", "constant"));
    }

    /// <summary>A shared float scalar constant (created once per name).</summary>
    public string ScalarConstant(string name, float value)
    {
        if (!_scalars.TryGetValue(name, out var existing))
            _scalars[name] = existing = Graph.Constant(name, [], [value]);
        return existing;
    }

    private static OnnxAttribute[] ConvAttributes(int kh, int kw, int stride, TfPadding padding) =>
        [OnnxAttribute.Of("kernel_shape", kh, kw), OnnxAttribute.Of("strides", stride, stride), .. PaddingAttributes(padding)];

    private static OnnxAttribute[] PoolAttributes(int size, int stride, TfPadding padding) =>
        [OnnxAttribute.Of("kernel_shape", size, size), OnnxAttribute.Of("strides", stride, stride), .. PaddingAttributes(padding)];

    private static OnnxAttribute[] PaddingAttributes(TfPadding padding) => padding switch
    {
        TfPadding.Valid => [OnnxAttribute.Of("pads", 0, 0, 0, 0)],
        TfPadding.Same => [OnnxAttribute.Of("auto_pad", "SAME_UPPER")],
        TfPadding.OnePixel => [OnnxAttribute.Of("pads", 1, 1, 1, 1)],
        _ => throw new ArgumentOutOfRangeException(nameof(padding)),
    };
}
