using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import.Networks;

/// <summary>
/// face-api.js <c>FaceRecognitionNet</c> (<c>src/faceRecognitionNet</c>): a ResNet-34-like network
/// (dlib's face descriptor). Every conv is conv + bias, then a per-channel scale layer (x * w + b);
/// <c>residualDown</c> matches the shortcut to the main path by 2x2 average pooling, zero channels
/// appended, and a zero row/column appended to the main path when the sizes differ.
/// </summary>
internal static class FaceRecognitionNetwork
{
    public const string Id = "face_recognition";
    public const string WeightsManifest = "face_recognition_model-weights_manifest.json";
    public const int InputSize = 150;

    /// <summary><c>FaceRecognitionNet.forwardInput</c> meanRgb.</summary>
    public static readonly float[] MeanRgb = [122.782f, 117.001f, 104.298f];

    public static OnnxGraph Build(WeightMap weights)
    {
        var net = new NetworkGraphBuilder(Id, weights);
        var x = net.NormalisedInput(InputSize, InputSize, MeanRgb, 255f);
        var shape = new FeatureShape(3, InputSize);

        (x, shape) = ConvLayer(net, "conv32_down", x, shape, stride: 2, relu: true, TfPadding.Valid);
        x = net.MaxPool("conv32_down/maxpool", x, 3, 2, TfPadding.Valid);
        shape = shape with { Size = (shape.Size - 3) / 2 + 1 };

        (x, shape) = Residual(net, "conv32_1", x, shape);
        (x, shape) = Residual(net, "conv32_2", x, shape);
        (x, shape) = Residual(net, "conv32_3", x, shape);
        (x, shape) = ResidualDown(net, "conv64_down", x, shape);
        (x, shape) = Residual(net, "conv64_1", x, shape);
        (x, shape) = Residual(net, "conv64_2", x, shape);
        (x, shape) = Residual(net, "conv64_3", x, shape);
        (x, shape) = ResidualDown(net, "conv128_down", x, shape);
        (x, shape) = Residual(net, "conv128_1", x, shape);
        (x, shape) = Residual(net, "conv128_2", x, shape);
        (x, shape) = ResidualDown(net, "conv256_down", x, shape);
        (x, shape) = Residual(net, "conv256_1", x, shape);
        (x, shape) = Residual(net, "conv256_2", x, shape);
        (x, _) = ResidualDown(net, "conv256_down_out", x, shape);

        x = net.Graph.Node("ReduceMean", "global_average", [x], OnnxAttribute.Of("axes", 2, 3), OnnxAttribute.Of("keepdims", 0L));
        var fc = weights.Get("fc", 2);
        x = net.Graph.Node("MatMul", "descriptor", [x, net.Graph.Constant("fc", [fc.Shape[0], fc.Shape[1]], fc.Values)]);
        net.Graph.Output(x, "batch", fc.Shape[1]);
        return net.Graph;
    }

    /// <summary>Channels and (square) spatial size of a feature map, tracked to know when shapes need matching.</summary>
    private readonly record struct FeatureShape(int Channels, int Size);

    private static (string, FeatureShape) Residual(NetworkGraphBuilder net, string prefix, string x, FeatureShape shape)
    {
        var (main, mainShape) = ConvLayer(net, $"{prefix}/conv1", x, shape, 1, relu: true, TfPadding.Same);
        (main, mainShape) = ConvLayer(net, $"{prefix}/conv2", main, mainShape, 1, relu: false, TfPadding.Same);
        var sum = net.Add($"{prefix}/add", main, x);
        return (net.Relu($"{prefix}/out", sum), mainShape);
    }

    private static (string, FeatureShape) ResidualDown(NetworkGraphBuilder net, string prefix, string x, FeatureShape shape)
    {
        var (main, mainShape) = ConvLayer(net, $"{prefix}/conv1", x, shape, 2, relu: true, TfPadding.Valid);
        (main, mainShape) = ConvLayer(net, $"{prefix}/conv2", main, mainShape, 1, relu: false, TfPadding.Same);

        var pooled = net.AvgPool($"{prefix}/shortcut_pool", x, 2, 2);
        var pooledSize = shape.Size / 2;
        if (pooledSize != mainShape.Size)
        {
            if (pooledSize != mainShape.Size + 1)
                throw new ModelImportException($"{net.Weights.NetworkName}: {prefix} cannot match {mainShape.Size} to {pooledSize}");
            main = net.PadEnd($"{prefix}/pad_main", main, 0, 1, 1);
        }
        if (shape.Channels != mainShape.Channels)
        {
            // tf.concat([pooled, zeros(pooled.shape)], 3): the channel count doubles.
            if (mainShape.Channels != 2 * shape.Channels)
                throw new ModelImportException($"{net.Weights.NetworkName}: {prefix} cannot match {shape.Channels} to {mainShape.Channels} channels");
            pooled = net.PadEnd($"{prefix}/shortcut_pad", pooled, shape.Channels, 0, 0);
        }
        var sum = net.Add($"{prefix}/add", pooled, main);
        return (net.Relu($"{prefix}/out", sum), new FeatureShape(mainShape.Channels, pooledSize));
    }

    private static (string, FeatureShape) ConvLayer(NetworkGraphBuilder net, string prefix, string x, FeatureShape shape,
        int stride, bool relu, TfPadding padding)
    {
        var filters = net.Weights.Get($"{prefix}/conv/filters", 4);
        int kernel = filters.Shape[0], channels = filters.Shape[3];
        var conv = net.Conv($"{prefix}/conv", x, $"{prefix}/conv/filters", $"{prefix}/conv/bias", stride, padding);
        var scaled = net.Mul($"{prefix}/scale_mul", conv, net.ChannelConstant($"{prefix}/scale/weights", channels));
        var shifted = net.Add($"{prefix}/scale_add", scaled, net.ChannelConstant($"{prefix}/scale/biases", channels));
        var size = padding == TfPadding.Valid ? (shape.Size - kernel) / stride + 1 : (shape.Size + stride - 1) / stride;
        return (relu ? net.Relu($"{prefix}/relu", shifted) : shifted, new FeatureShape(channels, size));
    }
}
