using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tests.Parity;
using Ledger.Vision.Tests.Support;
using SkiaSharp;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary>
/// <see cref="PassiveLiveness"/> end to end (decode, human's crop, both networks) against pad-reference.js, which
/// cuts the same image at the same box with tf.image.cropAndResize/resizeBilinear as human does.
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class PassiveLivenessParityTests(VisionPipeline pipeline, ITestOutputHelper output)
{
    private const double MaxAbsDiff = 1e-3;

    public static TheoryData<string> Cases => new(PadReferenceFixture.Instance.OfKind("pipeline").Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Scores_match_human_for_the_same_image_and_box(string name)
    {
        var reference = PadReferenceFixture.Instance.Get("pipeline", null, name);
        using var image = DecodeLossless(reference.BuildRgb(), reference.Size);
        var face = new FaceBox(reference.Box![0], reference.Box[1], reference.Box[2], reference.Box[3], 1f);
        var service = PassiveLiveness.TryCreate(pipeline.Models)!;

        var scores = service.Score(image, face);
        var (real, classes) = service.Run(HumanFaceCrop.Cut(image, face));

        Assert.Equal(reference.HumanBox, ToArray(HumanFaceCrop.SquareBox(face)));
        var antispoof = reference.Outputs!["antispoof"];
        var liveness = reference.Outputs["liveness"];
        var diff = Math.Max(Math.Abs(real - antispoof[0]), Differences.Largest(classes, liveness));
        output.WriteLine($"{name}: real {real:F6} (human {antispoof[0]:F6}), liveness [{classes[0]:F6}, {classes[1]:F6}] " +
                         $"(human [{liveness[0]:F6}, {liveness[1]:F6}]), max abs diff {diff:E3}");
        Assert.True(diff <= MaxAbsDiff, $"{name}: max |ours - human| = {diff:E3} > {MaxAbsDiff:E0}");
        Assert.Equal(classes[PassiveLiveness.LiveClassIndex], scores.Live);
        Assert.Equal(real, scores.Real);
    }

    /// <summary>The fixture's RGB pixels as a PNG (lossless), decoded the way every capture is.</summary>
    private static DecodedImage DecodeLossless(byte[] rgb, int side)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                var i = (y * side + x) * 3;
                bitmap.SetPixel(x, y, new SKColor(rgb[i], rgb[i + 1], rgb[i + 2]));
            }
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return new ImageDecoder().Decode(encoded.ToArray());
    }

    private static int[] ToArray((int X1, int Y1, int X2, int Y2) box) => [box.X1, box.Y1, box.X2, box.Y2];
}
