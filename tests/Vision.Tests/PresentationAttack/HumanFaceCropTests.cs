using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tests.Support;
using Xunit;

namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary>The crop read from the box's window of the image is the crop of the whole image's pixels.</summary>
public sealed class HumanFaceCropTests
{
    public static TheoryData<float, float, float, float> Boxes => new()
    {
        { 60, 20, 50, 55 },     // inside the image
        { -30, -10, 80, 90 },   // over the top-left corner: the enlarged square reaches outside
        { 170, 70, 60, 40 },    // over the bottom-right corner
        { 0, 0, 200, 100 },     // the whole frame (the fallback route's box)
    };

    [Theory]
    [MemberData(nameof(Boxes))]
    public void Reading_only_the_boxs_pixels_gives_the_crop_of_the_whole_image(float x, float y, float width, float height)
    {
        using var image = new ImageDecoder().Decode(TestImages.Encode(200, 100));
        var face = new FaceBox(x, y, width, height, 0.9f);

        var fromWindow = HumanFaceCrop.Cut(image, face);

        Assert.Equal(HumanFaceCrop.Cut(ImagePixels.Rgb(image), image.Width, image.Height, HumanFaceCrop.SquareBox(face)), fromWindow);
    }
}
