using Ledger.Vision.Import;
using Ledger.Vision.Import.Networks;
using Ledger.Vision.Onnx;
using Microsoft.ML.OnnxRuntime;
using Xunit;

namespace Ledger.Vision.Tests.Import;

/// <summary>
/// Small graphs written by our ONNX writer, run by ONNX Runtime, against a naive NHWC convolution with
/// TensorFlow's 'same' rule (odd padding pixel at the end). Checks the filter layout conversion and the
/// padding modes without the big fixtures.
/// </summary>
public sealed class OnnxLayerConversionTests
{
    // Graph inputs are RGB, so three input channels.
    private const int Size = 6, ChannelsIn = 3, ChannelsOut = 4;

    [Theory]
    [InlineData(1, "Same")]
    [InlineData(2, "Same")]
    [InlineData(2, "Valid")]
    [InlineData(1, "OnePixel")]
    public void Conv_matches_a_naive_tf_convolution(int stride, string paddingName)
    {
        var padding = Enum.Parse<TfPadding>(paddingName);
        var filters = Sequence(3 * 3 * ChannelsIn * ChannelsOut, 0.37f);
        var bias = new[] { 0.5f, -1f, 2f, 0.25f };
        var weights = new WeightMap("test", [new WeightTensor("f", [3, 3, ChannelsIn, ChannelsOut], filters), new WeightTensor("b", [ChannelsOut], bias)]);
        var net = new NetworkGraphBuilder("conv", weights);
        var x = net.NormalisedInput(Size, Size, null, 1f);
        var conv = net.Conv("conv", x, "f", "b", stride, padding);
        net.Graph.Output(net.ToNhwc(conv, "out"), "batch", "h", "w", ChannelsOut);
        var input = Sequence(Size * Size * ChannelsIn, 1.3f);

        var ours = Run(net.Graph, input, ChannelsIn);

        var expected = NaiveConv(input, filters, bias, stride, padding, depthwise: false);
        Assert.Equal(expected.Length, ours.Length);
        Assert.All(ours.Zip(expected), p => Assert.Equal(p.Second, p.First, 4));
    }

    [Fact]
    public void Depthwise_conv_matches_a_naive_tf_depthwise_convolution()
    {
        var filters = Sequence(3 * 3 * ChannelsIn, 0.53f);
        var weights = new WeightMap("test", [new WeightTensor("d", [3, 3, ChannelsIn, 1], filters)]);
        var net = new NetworkGraphBuilder("depthwise", weights);
        var x = net.NormalisedInput(Size, Size, null, 1f);
        var conv = net.DepthwiseConv("dw", x, "d", 2, TfPadding.Same);
        net.Graph.Output(net.ToNhwc(conv, "out"), "batch", "h", "w", ChannelsIn);
        var input = Sequence(Size * Size * ChannelsIn, 0.7f);

        var ours = Run(net.Graph, input, ChannelsIn);

        var expected = NaiveConv(input, filters, new float[ChannelsIn], 2, TfPadding.Same, depthwise: true);
        Assert.All(ours.Zip(expected), p => Assert.Equal(p.Second, p.First, 4));
    }

    private static float[] Run(OnnxGraph graph, float[] input, int channels)
    {
        var bytes = OnnxModelSerializer.Serialize(graph, 17, "test", "1", []);
        using var session = new InferenceSession(bytes);
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, Size, Size, channels]);
        using var outputs = session.Run(new RunOptions(), ["input"], [value], ["out"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>NHWC, filters [kh, kw, in, out] (or [kh, kw, c, 1] depthwise), TF padding rules.</summary>
    private static float[] NaiveConv(float[] x, float[] f, float[] bias, int stride, TfPadding padding, bool depthwise)
    {
        var outChannels = depthwise ? ChannelsIn : ChannelsOut;
        int outSize, padBefore;
        switch (padding)
        {
            case TfPadding.Same:
                outSize = (Size + stride - 1) / stride;
                padBefore = Math.Max((outSize - 1) * stride + 3 - Size, 0) / 2;
                break;
            case TfPadding.OnePixel:
                outSize = (Size + 2 - 3) / stride + 1;
                padBefore = 1;
                break;
            default:
                outSize = (Size - 3) / stride + 1;
                padBefore = 0;
                break;
        }
        var y = new float[outSize * outSize * outChannels];
        for (var oy = 0; oy < outSize; oy++)
            for (var ox = 0; ox < outSize; ox++)
                for (var o = 0; o < outChannels; o++)
                {
                    double sum = bias[o];
                    for (var ky = 0; ky < 3; ky++)
                        for (var kx = 0; kx < 3; kx++)
                        {
                            int iy = oy * stride + ky - padBefore, ix = ox * stride + kx - padBefore;
                            if (iy < 0 || ix < 0 || iy >= Size || ix >= Size)
                                continue;
                            if (depthwise)
                                sum += x[(iy * Size + ix) * ChannelsIn + o] * f[(ky * 3 + kx) * ChannelsIn + o];
                            else
                                for (var i = 0; i < ChannelsIn; i++)
                                    sum += x[(iy * Size + ix) * ChannelsIn + i] * f[((ky * 3 + kx) * ChannelsIn + i) * ChannelsOut + o];
                        }
                    y[(oy * outSize + ox) * outChannels + o] = (float)sum;
                }
        return y;
    }

    private static float[] Sequence(int count, float step) =>
        Enumerable.Range(0, count).Select(i => MathF.Sin(i * step) * 2f).ToArray();
}
