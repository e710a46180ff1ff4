using Ledger.Vision.Onnx;

namespace Ledger.Vision.Import.Networks;

/// <summary>
/// face-api.js <c>TinyFaceDetector</c> (<c>src/tinyYolov2/TinyYolov2Base.ts</c> runMobilenet with
/// <c>isFirstLayerConv2d</c>, 7 filter sizes so no conv6/conv7): conv0 3x3 'valid' + leaky, then
/// separable convs (explicit one-pixel pad, leaky) between 2x2 'same' max-pools, and a 1x1 conv8.
/// </summary>
internal static class TinyFaceDetectorNetwork
{
    public const string Id = "tiny_face_detector";
    public const string WeightsManifest = "tiny_face_detector_model-weights_manifest.json";

    /// <summary><c>src/tinyFaceDetector/const.ts</c> MEAN_RGB.</summary>
    public static readonly float[] MeanRgb = [117.001f, 114.697f, 97.404f];

    /// <summary><c>src/tinyFaceDetector/const.ts</c> BOX_ANCHORS, in grid cells (width, height).</summary>
    public static readonly double[][] Anchors =
    [
        [1.603231, 2.094468], [6.041143, 7.080126], [2.882459, 3.518061], [4.266906, 5.178857], [9.041765, 10.66308],
    ];

    public static OnnxGraph Build(WeightMap weights)
    {
        var net = new NetworkGraphBuilder(Id, weights);
        var x = net.NormalisedInput("height", "width", MeanRgb, 255f);

        x = net.Leaky("conv0/leaky", net.Conv("conv0/conv", x, "conv0/filters", "conv0/bias", 1, TfPadding.Valid));
        x = net.MaxPool("pool0", x, 2, 2, TfPadding.Same);
        for (var layer = 1; layer <= 5; layer++)
        {
            var separable = net.SeparableConv($"conv{layer}", x, 1, TfPadding.OnePixel);
            x = net.Leaky($"conv{layer}/leaky", separable);
            x = net.MaxPool($"pool{layer}", x, 2, layer < 5 ? 2 : 1, TfPadding.Same);
        }
        x = net.Conv("conv8/conv", x, "conv8/filters", "conv8/bias", 1, TfPadding.Valid);
        net.Graph.Output(net.ToNhwc(x, "grid"), "batch", "cells_y", "cells_x", 25);
        return net.Graph;
    }
}
