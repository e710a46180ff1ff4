using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Verification;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary>
/// Where the planarity threshold comes from: the homography residual of landmark pairs of one real person in two
/// photos (different poses and moments: not flat) against those of one photo and itself tilted as a picture (flat).
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class LiveChallengeCalibrationTests(VisionPipeline pipeline, ITestOutputHelper output)
{
    private static readonly string[] People = ["amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"];

    private AnalyzedFace Face(byte[] image) => pipeline.Verifier.Analyze(image).Chosen ?? throw new InvalidOperationException("no face");

    private static byte[] Crop(string person, int n) => File.ReadAllBytes(Path.Combine(FacePaths.Faces, person, $"{n}.png"));

    [Fact]
    public void The_planarity_threshold_sits_between_turned_heads_and_tilted_pictures()
    {
        var bonaFide = new List<float>();
        var flat = new List<float>();
        var bonaFideTurned = new List<float>();
        var flatTurned = new List<float>();
        var t = LiveChallengeThresholds.Default;
        bool Turned(AnalyzedFace a, AnalyzedFace b) => Math.Abs(HeadPose.Of(b.Landmarks).Yaw - HeadPose.Of(a.Landmarks).Yaw) >= t.MinYawChange;
        var random = new Random(12);
        foreach (var person in People)
        {
            var faces = Enumerable.Range(1, 5).Select(n => Face(Crop(person, n))).ToList();
            for (var i = 0; i < 5; i++)
            for (var j = 0; j < 5; j++)
                if (i != j)
                {
                    bonaFide.Add(LiveChallenge.NonPlanarity(faces[i], faces[j]));
                    if (Turned(faces[i], faces[j])) bonaFideTurned.Add(bonaFide[^1]);
                }
            for (var n = 1; n <= 5; n++)
            {
                var still = Crop(person, n);
                var original = faces[n - 1];
                for (var k = 0; k < 3; k++)
                {
                    var tilted = Face(TiltedPicture.Of(still, random.Next(-35, 36), random.Next(-25, 26)));
                    flat.Add(LiveChallenge.NonPlanarity(original, tilted));
                    if (Turned(original, tilted)) flatTurned.Add(flat[^1]);
                }
            }
        }
        bonaFide.Sort();
        flat.Sort();
        output.WriteLine($"bona fide pairs {bonaFide.Count}: min {bonaFide[0]:F4} p1 {bonaFide[bonaFide.Count / 100]:F4} p5 {bonaFide[bonaFide.Count / 20]:F4} p50 {bonaFide[bonaFide.Count / 2]:F4}");
        output.WriteLine($"tilted stills {flat.Count}: p50 {flat[flat.Count / 2]:F4} p95 {flat[flat.Count * 95 / 100]:F4} p99 {flat[flat.Count * 99 / 100]:F4} max {flat[^1]:F4}");
        bonaFideTurned.Sort();
        flatTurned.Sort();
        output.WriteLine($"turned bona fide {bonaFideTurned.Count}: " + string.Join(" ", bonaFideTurned.Take(15).Select(v => v.ToString("F3"))));
        output.WriteLine($"turned flat {flatTurned.Count}: " + string.Join(" ", flatTurned.Select(v => v.ToString("F3"))));
        output.WriteLine("bona fide, lowest: " + string.Join(" ", bonaFide.Take(20).Select(v => v.ToString("F3"))));
        output.WriteLine("tilted stills, highest: " + string.Join(" ", flat.TakeLast(20).Select(v => v.ToString("F3"))));

        // Over the inner landmarks (jaw line left out), every pair of photos of one person that shows a turn is above the
        // threshold (measured: lowest 0.035 against 0.033); 95% of tilted stills are below 0.025, and a tilted picture
        // rarely shows a turn at all (4 of 120), so the two tests together refuse what either alone lets through.
        Assert.True(bonaFideTurned[0] >= t.MinNonPlanarResidual, $"a turned pair at {bonaFideTurned[0]:F3}");
        Assert.True(flat.Count(r => r < t.MinNonPlanarResidual) >= flat.Count * 90 / 100, "fewer than 90% of tilted stills look flat");
        Assert.True(flatTurned.Count * 20 <= flat.Count, $"{flatTurned.Count} of {flat.Count} tilted stills show a turn");
    }
}
