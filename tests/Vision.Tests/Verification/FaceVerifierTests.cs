using System.Security.Cryptography;
using Ledger.Vision.Embedding;
using Ledger.Vision.Imaging;
using Ledger.Vision.Matching;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Verification;
using Xunit;

namespace Ledger.Vision.Tests.Verification;

[Collection(VisionPipelineCollection.Name)]
public sealed class FaceVerifierTests(VisionPipeline pipeline)
{
    private static string Crop(string person, int n) => Path.Combine(FacePaths.Faces, person, $"{n}.png");

    [Fact]
    public void Two_captures_of_one_person_match_and_the_result_names_the_exact_model()
    {
        var probe = pipeline.Analyze(Crop("penny", 1));
        var enrolled = pipeline.Analyze(Crop("penny", 2)).Chosen!.Template;

        var result = pipeline.Verifier.Verify(probe, enrolled);

        Assert.Equal(VerificationDecision.Match, result.Decision);
        Assert.InRange(result.Distance!.Value, 0f, 0.6f);
        Assert.InRange(result.Score!.Value, 0.5f, 1f);
        Assert.Equal((0.6f, 1), (result.Threshold, result.FacesSeen));
        Assert.Equal("face_recognition", result.ModelId);
        var onnx = Path.Combine(FacePaths.ModelPack, "face_recognition.onnx");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(onnx))), result.ModelSha256);
        Assert.Equal("ssd_mobilenetv1", result.DetectorId);
    }

    [Fact]
    public void Two_different_people_do_not_match()
    {
        var result = pipeline.Verifier.Verify(pipeline.Analyze(Crop("penny", 1)), pipeline.Analyze(Crop("bernadette", 1)).Chosen!.Template);

        Assert.Equal(VerificationDecision.NoMatch, result.Decision);
        Assert.True(result.Score < 0.5f);
    }

    [Fact]
    public void Quality_signals_describe_the_chosen_face()
    {
        var analysis = pipeline.Analyze(FacePaths.Group("bbt3"));
        var face = analysis.Chosen!;

        Assert.Equal(face.Box.Width, face.Quality.FaceWidthPx);
        Assert.InRange(face.Quality.InterocularPx, 10f, face.Box.Width);
        Assert.InRange(face.Quality.Frontalness, 0f, 1f);
        Assert.True(face.Quality.Sharpness > 0);
        Assert.Equal(FaceEmbedder.DescriptorLength, face.Template.Descriptor.Length);
    }

    [Fact]
    public void A_blurred_capture_scores_lower_sharpness_than_the_original()
    {
        var sharp = pipeline.Analyze(Crop("raj", 1)).Chosen!.Quality.Sharpness;
        var blurred = pipeline.Verifier.Analyze(Blur(File.ReadAllBytes(Crop("raj", 1)))).Chosen!.Quality.Sharpness;

        Assert.True(blurred < sharp / 2, $"blurred {blurred} vs sharp {sharp}");
    }

    [Fact]
    public void A_template_of_another_model_is_refused()
    {
        var foreign = new FaceTemplate(new float[FaceEmbedder.DescriptorLength], "face_recognition@0.0.1");

        Assert.Throws<ModelMismatchException>(() => pipeline.Verifier.Verify(pipeline.Analyze(Crop("amy", 1)), foreign));
    }

    [Fact]
    public void Without_fallbacks_an_image_with_no_face_gives_no_face()
    {
        var strict = FaceVerifier.Create(pipeline.Models, pipeline.Options with { DetectorFallback = false });
        var analysis = strict.Analyze(TestImages.Encode(320, 240));

        var result = strict.Verify(analysis, pipeline.Analyze(Crop("amy", 1)).Chosen!.Template);

        Assert.Equal((VerificationDecision.NoFace, 0, (float?)null), (result.Decision, result.FacesSeen, result.Distance));
    }

    [Fact]
    public void Identification_through_the_verifier_names_the_person()
    {
        var gallery = FacePaths.People.Select(p => new Candidate(p, pipeline.Analyze(Crop(p, 1)).Chosen!.Template)).ToList();

        var result = pipeline.Verifier.Identify(pipeline.Analyze(Crop("howard", 3)), gallery);

        Assert.Equal((VerificationDecision.Match, "howard"), (result.Decision, result.CandidateId));
        Assert.Equal(pipeline.Options.IdentificationMargin, result.Margin);
        Assert.True(result.RunnerUpDistance - result.Distance >= result.Margin);
    }

    [Fact]
    public void A_template_computed_on_the_terminal_is_verified_without_an_image()
    {
        var probe = pipeline.Analyze(Crop("sheldon", 1)).Chosen!.Template;
        var enrolled = pipeline.Analyze(Crop("sheldon", 3)).Chosen!.Template;

        var result = pipeline.Verifier.Verify(probe, enrolled);

        Assert.Equal((VerificationDecision.Match, DetectionRoute.OnDevice, (int?)null), (result.Decision, result.Route, result.FacesSeen));
        Assert.Equal(pipeline.Verifier.RecognitionModel.Sha256, result.ModelSha256);
        Assert.Equal(VerificationDecision.NoMatch, pipeline.Verifier.Identify(probe, [new Candidate("amy", pipeline.Analyze(Crop("amy", 1)).Chosen!.Template)]).Decision);
    }

    [Fact]
    public void Hostile_input_is_refused_before_any_network_runs() =>
        Assert.Throws<ImageRejectedException>(() => pipeline.Verifier.Analyze(TestImages.PngAnnouncing(40_000, 40_000)));

    [Fact]
    public async Task Concurrent_analyses_share_the_sessions_and_give_the_same_descriptors()
    {
        var paths = new[] { Crop("amy", 1), Crop("sheldon", 2), Crop("stuart", 5), FacePaths.Group("bbt2") };
        var sequential = paths.Select(p => pipeline.Analyze(p).Chosen!.Template.Descriptor).ToArray();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            pipeline.Verifier.AnalyzeAsync(File.ReadAllBytes(paths[i % paths.Length]))));

        for (int i = 0; i < concurrent.Length; i++)
            Assert.Equal(sequential[i % paths.Length], concurrent[i].Chosen!.Template.Descriptor, new ToleranceComparer(1e-5f));
    }

    private static byte[] Blur(byte[] png)
    {
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(bitmap.Width, bitmap.Height));
        using var paint = new SkiaSharp.SKPaint { ImageFilter = SkiaSharp.SKImageFilter.CreateBlur(3, 3) };
        using var source = SkiaSharp.SKImage.FromBitmap(bitmap);
        surface.Canvas.DrawImage(source, 0, 0, new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear), paint);
        using var image = surface.Snapshot();
        return image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100).ToArray();
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
