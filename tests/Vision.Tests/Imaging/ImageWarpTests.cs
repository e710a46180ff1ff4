using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;
using Ledger.Vision.Tests.Support;
using Xunit;

namespace Ledger.Vision.Tests.Imaging;

public sealed class ImageWarpTests
{
    [Fact]
    public void The_letterbox_puts_the_image_top_left_and_pads_with_black()
    {
        using var image = new ImageDecoder().Decode(TestImages.Encode(200, 100));

        var box = ImageWarp.LetterboxTopLeft(image, 64);

        Assert.Equal(64 * 64 * 3, box.Tensor.Length);
        Assert.Equal(64f / 200, box.Scale);
        Assert.True(box.Tensor[(10 * 64 + 10) * 3 + 2] > 50);      // inside the image: its blue channel is 90
        Assert.Equal(0f, box.Tensor[(60 * 64 + 10) * 3 + 2]);      // below it: padding
    }

    [Fact]
    public void Boxes_found_in_a_bordered_letterbox_map_back_to_source_pixels()
    {
        using var image = new ImageDecoder().Decode(TestImages.Encode(150, 150));

        var box = ImageWarp.LetterboxTopLeft(image, 512, border: 0.3f);
        var source = box.ToSource(new FaceBox(45 * box.Scale + box.Border * box.Scale, 45 * box.Scale + box.Border * box.Scale, 60 * box.Scale, 60 * box.Scale, 0.9f));

        Assert.Equal(45f, box.Border);
        Assert.Equal(45f, source.X, 0.001f);
        Assert.Equal(45f, source.Y, 0.001f);
        Assert.Equal(60f, source.Width, 0.001f);
    }
}
