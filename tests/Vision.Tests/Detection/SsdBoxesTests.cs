using Ledger.Vision.Detection;
using Xunit;

namespace Ledger.Vision.Tests.Detection;

public sealed class SsdBoxesTests
{
    [Fact]
    public void Boxes_are_read_as_ymin_xmin_ymax_xmax_relative_to_the_input()
    {
        float[] boxes = [0.25f, 0.5f, 0.75f, 1.0f];
        float[] scores = [0.9f];

        var box = Assert.Single(SsdBoxes.Decode(boxes, scores, 512, 0.5f));

        Assert.Equal(new FaceBox(256, 128, 256, 256, 0.9f), box);
    }

    [Fact]
    public void Boxes_are_clipped_to_the_input_and_weak_or_empty_ones_dropped()
    {
        float[] boxes = [-0.1f, -0.2f, 0.5f, 0.5f, 0.1f, 0.1f, 0.2f, 0.2f, 0.3f, 0.3f, 0.3f, 0.6f];
        float[] scores = [0.8f, 0.5f, 0.9f];

        var box = Assert.Single(SsdBoxes.Decode(boxes, scores, 100, 0.5f));

        Assert.Equal(new FaceBox(0, 0, 50, 50, 0.8f), box);
    }

    [Fact]
    public void Mismatched_outputs_are_refused() =>
        Assert.Throws<ArgumentException>(() => SsdBoxes.Decode(new float[8], new float[3], 512, 0.5f));
}
