using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import.Networks;

/// <summary>
/// face-api.js <c>SsdMobilenetv1</c> (<c>src/ssdMobilenetv1</c>): MobileNetV1 (depthwise conv +
/// batch norm + ReLU6, pointwise conv + offset + ReLU6), eight extra prediction convs, six box
/// predictors (on conv 11, the last MobileNet layer and prediction convs 1, 3, 5, 7), and the
/// <c>outputLayer</c> box decoding against the 5118 anchors stored as the weight <c>Output/extra_dim</c>.
/// </summary>
internal static class SsdMobilenetV1Network
{
    public const string Id = "ssd_mobilenetv1";

    /// <summary>The same network and weights for 4:3 landscape frames: 384 rows of the square, no letterbox below (<see cref="SsdAnchorGrid"/>).</summary>
    public const string LandscapeId = "ssd_mobilenetv1_landscape";

    /// <summary>Rows of the landscape graph's input, as the runtime feeds them: a 4:3 frame scaled to the square's 512 columns.</summary>
    public const int LandscapeHeight = Detection.SsdFaceDetector.LandscapeRows;
    public const string WeightsManifest = "ssd_mobilenetv1_model-weights_manifest.json";
    public const int InputSize = 512;
    public const int AnchorCount = 5118;

    /// <summary><c>mobileNetV1.ts</c> batch-norm epsilon (float32 0.001).</summary>
    private const float BatchNormEpsilon = 0.0010000000474974513f;

    public static OnnxGraph Build(WeightMap weights) => Build(weights, InputSize);

    public static OnnxGraph BuildLandscape(WeightMap weights) => Build(weights, LandscapeHeight);

    private static OnnxGraph Build(WeightMap weights, int height)
    {
        var net = new NetworkGraphBuilder(height == InputSize ? Id : LandscapeId, weights);
        // tf.sub(tf.div(x, 127.5), 1): input scaled to -1..1, no mean.
        var x = net.NormalisedInput(height, InputSize, null, 127.5f, subtractAfter: 1f);

        x = PointwiseConv(net, "MobilenetV1/Conv2d_0_pointwise", x, 2, TfPadding.Same);
        string? conv11 = null;
        for (var layer = 1; layer <= 13; layer++)
        {
            var stride = layer is 2 or 4 or 6 or 12 ? 2 : 1;
            x = DepthwiseConvBatchNorm(net, $"MobilenetV1/Conv2d_{layer}_depthwise", x, stride);
            x = PointwiseConv(net, $"MobilenetV1/Conv2d_{layer}_pointwise", x, 1, TfPadding.Same);
            if (layer == 11)
                conv11 = x;
        }

        var features = new string[8];
        var input = x;
        for (var layer = 0; layer < 8; layer++)
        {
            features[layer] = PointwiseConv(net, $"Prediction/Conv2d_{layer}_pointwise", input, layer % 2 == 1 ? 2 : 1, TfPadding.Same);
            input = features[layer];
        }

        string[] predictorInputs = [conv11!, x, features[1], features[3], features[5], features[7]];
        var boxEncodings = new List<string>();
        var classPredictions = new List<string>();
        for (var i = 0; i < predictorInputs.Length; i++)
        {
            var prefix = $"Prediction/BoxPredictor_{i}";
            boxEncodings.Add(Predictor(net, $"{prefix}/BoxEncodingPredictor", predictorInputs[i], 4));
            classPredictions.Add(Predictor(net, $"{prefix}/ClassPredictor", predictorInputs[i], 3));
        }
        var encodings = net.Graph.Node("Concat", "box_encodings", boxEncodings, OnnxAttribute.Of("axis", 1L));
        var classes = net.Graph.Node("Concat", "class_predictions", classPredictions, OnnxAttribute.Of("axis", 1L));

        var anchorCount = DecodeBoxes(net, encodings, height);
        Scores(net, classes, anchorCount);
        return net.Graph;
    }

    /// <summary><c>pointwiseConvLayer</c>: conv 'same' + batch-norm offset, ReLU6.</summary>
    private static string PointwiseConv(NetworkGraphBuilder net, string prefix, string x, int stride, TfPadding padding)
    {
        var conv = net.Conv($"{prefix}/conv", x, $"{prefix}/weights", $"{prefix}/convolution_bn_offset", stride, padding);
        return net.Relu6($"{prefix}/relu6", conv);
    }

    /// <summary><c>depthwiseConvLayer</c>: depthwise conv 'same', <c>tf.batchNorm</c>, ReLU6.</summary>
    private static string DepthwiseConvBatchNorm(NetworkGraphBuilder net, string prefix, string x, int stride)
    {
        var channels = net.Weights.Get($"{prefix}/depthwise_weights", 4).Shape[2];
        var conv = net.DepthwiseConv($"{prefix}/conv", x, $"{prefix}/depthwise_weights", stride, TfPadding.Same);
        var normalised = net.Graph.Node("BatchNormalization", $"{prefix}/batchnorm",
            [
                conv,
                net.Vector($"{prefix}/BatchNorm/gamma", channels),
                net.Vector($"{prefix}/BatchNorm/beta", channels),
                net.Vector($"{prefix}/BatchNorm/moving_mean", channels),
                net.Vector($"{prefix}/BatchNorm/moving_variance", channels),
            ],
            OnnxAttribute.Of("epsilon", BatchNormEpsilon));
        return net.Relu6($"{prefix}/relu6", normalised);
    }

    /// <summary>
    /// <c>boxPredictionLayer</c>: a 1x1 conv, reshaped NHWC-wise to [N, cells * anchors, values].
    /// </summary>
    private static string Predictor(NetworkGraphBuilder net, string prefix, string x, int valuesPerAnchor)
    {
        var conv = net.Conv($"{prefix}/conv", x, $"{prefix}/weights", $"{prefix}/biases", 1, TfPadding.Same);
        var nhwc = net.ToNhwc(conv, $"{prefix}/nhwc");
        var shape = net.Graph.Constant($"{prefix}/shape", 0, -1, valuesPerAnchor);
        return net.Graph.Node("Reshape", $"{prefix}/reshape", [nhwc, shape]);
    }

    /// <summary>
    /// <c>outputLayer</c>/<c>decodeBoxesLayer</c>: centre = e[0:2] / 10 * anchorSize + anchorCentre,
    /// half = exp(e[2:4] / 5) * anchorSize / 2; boxes = (centre - half, centre + half) as
    /// (ymin, xmin, ymax, xmax). The anchor sizes and centres are computed here in float32, as tfjs does.
    /// </summary>
    private static int DecodeBoxes(NetworkGraphBuilder net, string encodings, int height)
    {
        var stored = net.Weights.Get("Output/extra_dim", 3);
        if (stored.Shape[0] != 1 || stored.Shape[1] != AnchorCount || stored.Shape[2] != 4)
            throw new ModelImportException($"{net.Weights.NetworkName}: Output/extra_dim has shape [{string.Join(",", stored.Shape)}], expected [1,{AnchorCount},4]");
        var anchors = height == InputSize ? stored.Values : SsdAnchorGrid.ForHeight(stored.Values, InputSize, height);
        var count = anchors.Length / 4;
        var sizes = new float[count * 2];
        var centres = new float[count * 2];
        for (var i = 0; i < count; i++)
        {
            var a = anchors.AsSpan(i * 4, 4);
            for (var axis = 0; axis < 2; axis++)
            {
                var size = a[axis + 2] - a[axis];
                sizes[i * 2 + axis] = size;
                centres[i * 2 + axis] = a[axis] + size / 2f;
            }
        }
        var g = net.Graph;
        var anchorSizes = g.Constant("decode/anchor_sizes", [count, 2], sizes);
        var anchorCentres = g.Constant("decode/anchor_centres", [count, 2], centres);
        var scaled = g.Node("Div", "decode/scaled", [encodings, g.Constant("decode/variances", [4], [10f, 10f, 5f, 5f])]);
        var axes = g.Constant("decode/axes", 2);
        var centreOffsets = g.Node("Slice", "decode/centre_offsets", [scaled, g.Constant("decode/from0", 0), g.Constant("decode/to2", 2), axes]);
        var logSizes = g.Node("Slice", "decode/log_sizes", [scaled, g.Constant("decode/from2", 2), g.Constant("decode/to4", 4), axes]);

        var centre = g.Node("Add", "decode/centre", [g.Node("Mul", "decode/centre_scaled", [centreOffsets, anchorSizes]), anchorCentres]);
        var sized = g.Node("Mul", "decode/sizes", [g.Node("Exp", "decode/exp", [logSizes]), anchorSizes]);
        var half = g.Node("Div", "decode/half", [sized, g.Constant("decode/two", [], [2f])]);
        var min = g.Node("Sub", "decode/min", [centre, half]);
        var max = g.Node("Add", "decode/max", [centre, half]);
        g.Node("Concat", "boxes", [min, max], OnnxAttribute.Of("axis", 2L));
        g.Output("boxes", "batch", count, 4);
        return count;
    }

    /// <summary><c>outputLayer</c>: sigmoid of class 1 (face) of the three class predictions.</summary>
    private static void Scores(NetworkGraphBuilder net, string classes, int anchorCount)
    {
        var g = net.Graph;
        var face = g.Node("Slice", "scores/face_logit", [classes, g.Constant("scores/from1", 1), g.Constant("scores/to2", 2), g.Constant("scores/axes", 2)]);
        var sigmoid = g.Node("Sigmoid", "scores/sigmoid", [face]);
        g.Node("Reshape", "scores", [sigmoid, g.Constant("scores/shape", 0, -1)]);
        g.Output("scores", "batch", anchorCount);
    }
}
