using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import.Networks;

/// <summary>
/// face-api.js <c>FaceLandmark68Net</c>: the <c>FaceFeatureExtractor</c> (four <c>denseBlock4</c>,
/// 7x7 average pool) and a fully connected layer to 136 values (<c>src/faceFeatureExtractor</c>,
/// <c>src/faceProcessor</c>). The output is the raw layer output, before <c>postProcess</c>.
/// </summary>
internal static class FaceLandmark68Network
{
    public const string Id = "face_landmark_68";
    public const string WeightsManifest = "face_landmark_68_model-weights_manifest.json";
    public const int InputSize = 112;

    /// <summary><c>FaceFeatureExtractor.forwardInput</c> meanRgb.</summary>
    public static readonly float[] MeanRgb = [122.782f, 117.001f, 104.298f];

    public static OnnxGraph Build(WeightMap weights)
    {
        var net = new NetworkGraphBuilder(Id, weights);
        var x = net.NormalisedInput(InputSize, InputSize, MeanRgb, 255f);

        x = DenseBlock4(net, "dense0", x, isFirstLayer: true);
        x = DenseBlock4(net, "dense1", x, isFirstLayer: false);
        x = DenseBlock4(net, "dense2", x, isFirstLayer: false);
        x = DenseBlock4(net, "dense3", x, isFirstLayer: false);
        x = net.AvgPool("avgpool", x, 7, 2);
        x = net.Graph.Node("Flatten", "flatten", [x], OnnxAttribute.Of("axis", 1L));

        var fc = weights.Get("fc/weights", 2);
        x = net.Graph.Node("MatMul", "fc/matmul", [x, net.Graph.Constant("fc/weights", [fc.Shape[0], fc.Shape[1]], fc.Values)]);
        x = net.Add("landmarks", x, net.Vector("fc/bias", fc.Shape[1]));
        net.Graph.Output(x, "batch", 136);
        return net.Graph;
    }

    /// <summary><c>denseBlock4</c> with its default scale-down (stride 2 in the first conv).</summary>
    private static string DenseBlock4(NetworkGraphBuilder net, string prefix, string x, bool isFirstLayer)
    {
        var first = isFirstLayer
            ? net.Conv($"{prefix}/conv0/conv", x, $"{prefix}/conv0/filters", $"{prefix}/conv0/bias", 2, TfPadding.Same)
            : net.SeparableConv($"{prefix}/conv0", x, 2, TfPadding.Same);
        var out1 = net.Relu($"{prefix}/out1", first);
        var out2 = net.SeparableConv($"{prefix}/conv1", out1, 1, TfPadding.Same);

        var in3 = net.Relu($"{prefix}/in3", net.Add($"{prefix}/sum3", out1, out2));
        var out3 = net.SeparableConv($"{prefix}/conv2", in3, 1, TfPadding.Same);

        var sum23 = net.Add($"{prefix}/sum23", out2, out3);
        var in4 = net.Relu($"{prefix}/in4", net.Add($"{prefix}/sum4", out1, sum23));
        var out4 = net.SeparableConv($"{prefix}/conv3", in4, 1, TfPadding.Same);

        var sum34 = net.Add($"{prefix}/sum34", out3, out4);
        var sum234 = net.Add($"{prefix}/sum234", out2, sum34);
        return net.Relu($"{prefix}/out", net.Add($"{prefix}/sum", out1, sum234));
    }
}
