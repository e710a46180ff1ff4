using Ledger.Vision.Imaging;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary>
/// What the passive networks' outputs mean, measured: every face of ../shared/faces (the 40 grey crops and the
/// faces of the colour group photos, at the boxes our detector finds) scored as it is and after each
/// <see cref="SimulatedPresentations"/> change. An output that means "live" must drop when a face becomes a
/// print or a screen. The numbers behind Tools/Vision.Import/README.md are printed by this test.
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class PassiveNetworkOutputMeaningTests(VisionPipeline pipeline, ITestOutputHelper output)
{
    private sealed record Scores(float Real, float Class0, float Class1);

    [Fact]
    public void The_live_class_is_the_one_that_falls_when_a_face_becomes_a_print_or_a_screen()
    {
        var service = PassiveLiveness.TryCreate(pipeline.Models)!;
        var faces = BonaFideFaces.Crops(pipeline).ToList();
        var bonaFide = faces.Select(f => Score(service, f.Crop)).ToList();
        output.WriteLine($"{faces.Count} faces ({faces.Count(f => f.Colour)} colour): bona fide {Summary(bonaFide)}");
        output.WriteLine($"  grey crops: {Summary(bonaFide.Where((_, i) => !faces[i].Colour).ToList())}; colour faces: {Summary(bonaFide.Where((_, i) => faces[i].Colour).ToList())}");
        var bgr = faces.Where(f => f.Colour).Select(f => Score(service, SwapRedBlue(f.Crop))).ToList();
        output.WriteLine($"  colour faces fed BGR: {Summary(bgr)}");

        foreach (var (species, apply) in SimulatedPresentations.All)
        {
            var attacks = faces.Select((f, i) => Score(service, apply(f.Crop, i))).ToList();
            var pairs = bonaFide.Zip(attacks).ToList();
            output.WriteLine($"{species}: {Summary(attacks)}; per face: real fell {Fraction(pairs, p => p.Second.Real < p.First.Real)}, " +
                             $"class 0 fell {Fraction(pairs, p => p.Second.Class0 < p.First.Class0)}, class 1 fell {Fraction(pairs, p => p.Second.Class1 < p.First.Class1)}; " +
                             $"P(bona fide > attack): real {Separation(bonaFide, attacks, s => s.Real):F3}, " +
                             $"class 0 {Separation(bonaFide, attacks, s => s.Class0):F3}, class 1 {Separation(bonaFide, attacks, s => s.Class1):F3}");
            output.WriteLine($"  grey: {Summary(attacks.Where((_, i) => !faces[i].Colour).ToList())}; colour: {Summary(attacks.Where((_, i) => faces[i].Colour).ToList())}");

            // The output that means "live" ranks the faces above their print or screen more often than not, the other one below.
            Assert.True(Separation(bonaFide, attacks, s => Live(s)) > 0.5, $"{species}: the live class does not favour the bona fide faces");
            Assert.True(Separation(bonaFide, attacks, s => NotLive(s)) < 0.5, $"{species}: the other class favours the bona fide faces");
        }
    }

    private static float Live(Scores s) => PassiveLiveness.LiveClassIndex == 0 ? s.Class0 : s.Class1;

    private static float NotLive(Scores s) => PassiveLiveness.LiveClassIndex == 0 ? s.Class1 : s.Class0;

    private static float[] SwapRedBlue(float[] crop)
    {
        var swapped = (float[])crop.Clone();
        for (var i = 0; i < crop.Length; i += 3)
            (swapped[i], swapped[i + 2]) = (crop[i + 2], crop[i]);
        return swapped;
    }

    private static Scores Score(PassiveLiveness service, float[] crop)
    {
        var (real, classes) = service.Run(crop);
        return new Scores(real, classes[0], classes[1]);
    }

    private static string Summary(IReadOnlyList<Scores> s) =>
        $"mean real {s.Average(x => x.Real):F3}, mean class 0 {s.Average(x => x.Class0):F3}, mean class 1 {s.Average(x => x.Class1):F3}";

    private static string Fraction<T>(IReadOnlyList<T> items, Func<T, bool> predicate) => $"{items.Count(predicate)}/{items.Count}";

    /// <summary>Probability that a random bona fide face scores higher than a random attack (ties count half): the ROC AUC.</summary>
    private static double Separation(IReadOnlyList<Scores> bonaFide, IReadOnlyList<Scores> attacks, Func<Scores, float> score) =>
        bonaFide.Sum(b => attacks.Sum(a => score(b) > score(a) ? 1.0 : score(b) == score(a) ? 0.5 : 0)) / (bonaFide.Count * (double)attacks.Count);
}
