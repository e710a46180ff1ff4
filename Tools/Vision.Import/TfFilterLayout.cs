namespace Ledger.Vision.Import;

/// <summary>
/// TensorFlow stores conv filters as [kh, kw, in, out] (depthwise: [kh, kw, channels, multiplier]);
/// ONNX <c>Conv</c> wants [out, in, kh, kw] (depthwise: [channels * multiplier, 1, kh, kw] with
/// <c>group = channels</c>, output channel c * multiplier + m as in <c>tf.nn.depthwise_conv2d</c>).
/// </summary>
internal static class TfFilterLayout
{
    /// <summary>[kh, kw, in, out] to [out, in, kh, kw].</summary>
    public static (long[] Dims, float[] Values) ToOihw(WeightTensor filters)
    {
        int kh = filters.Shape[0], kw = filters.Shape[1], cin = filters.Shape[2], cout = filters.Shape[3];
        var converted = new float[filters.Values.Length];
        for (var y = 0; y < kh; y++)
            for (var x = 0; x < kw; x++)
                for (var i = 0; i < cin; i++)
                    for (var o = 0; o < cout; o++)
                        converted[((o * cin + i) * kh + y) * kw + x] = filters.Values[((y * kw + x) * cin + i) * cout + o];
        return ([cout, cin, kh, kw], converted);
    }

    /// <summary>[kh, kw, channels, multiplier] to [channels * multiplier, 1, kh, kw].</summary>
    public static (long[] Dims, float[] Values) DepthwiseToOihw(WeightTensor filters)
    {
        int kh = filters.Shape[0], kw = filters.Shape[1], channels = filters.Shape[2], multiplier = filters.Shape[3];
        var converted = new float[filters.Values.Length];
        for (var y = 0; y < kh; y++)
            for (var x = 0; x < kw; x++)
                for (var c = 0; c < channels; c++)
                    for (var m = 0; m < multiplier; m++)
                        converted[((c * multiplier + m) * kh + y) * kw + x] = filters.Values[((y * kw + x) * channels + c) * multiplier + m];
        return ([channels * multiplier, 1, kh, kw], converted);
    }
}
