using Ledger.Vision.Matching;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Verification;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary>
/// The presentation-attack evaluation in ISO/IEC 30107-3 terms, on SIMULATED attacks built from ../shared/faces
/// (bash bench/pad.sh prints it): per attack species the APCER of each layer that sees it, and the BPCER on bona fide
/// presentations. Layers here: the live challenge (movement and same person), planarity, and the passive networks at
/// a nominal operating point (live below 0.5 counts as an attack; they only ever record evidence in a decision).
/// Injection and replay are refused by attestation in the API (CaptureStatementTests), not measured here.
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class PadEvaluationTests(VisionPipeline pipeline, ITestOutputHelper output)
{
    private const float PassiveOperatingPoint = 0.5f;
    private static readonly string[] People = ["amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"];

    private AnalyzedFace? Face(byte[] image) => pipeline.Verifier.Analyze(image).Chosen;

    private static byte[] Crop(string person, int n) => File.ReadAllBytes(Path.Combine(FacePaths.Faces, person, $"{n}.png"));

    /// <summary>The rate with its one-sided 95% upper bound (Clopper-Pearson): what the count can and cannot show.</summary>
    private static string Rate(int errors, int total) =>
        $"{100.0 * errors / total,5:F1}% ({errors}/{total}, ≤ {100 * OperatingPoints.UpperBound95(errors, total):F1}%)";

    /// <summary>A bona fide turn's end frames differ by at least this much yaw (eye distances): twice what the challenge asks.</summary>
    private const float BonaFideTurn = 0.2f;

    private static readonly ChallengeMovement[] Turns = [ChallengeMovement.TurnLeft, ChallengeMovement.TurnRight];

    [Fact]
    public void Every_simulated_species_through_every_layer()
    {
        var lines = new List<string> { "| species (simulated) | layer | APCER (≤ 95% bound) | BPCER (bona fide, ≤ 95% bound) |", "| --- | --- | ---: | ---: |" };
        var t = LiveChallengeThresholds.Default;

        // Bona fide: every three of a person's five photos in the order of a turn (either way) whose end frames differ by a
        // clear turn. The challenge only asks for turns (HeadMovements.Asked): nobody in the shared faces looks up.
        int bonaFide = 0, bonaFideRefused = 0;
        var refusals = new List<string>();
        foreach (var person in People)
        {
            var frames = Enumerable.Range(1, 5).Select(n => Face(Crop(person, n))!).OrderBy(f => HeadPose.Of(f.Landmarks).Yaw).ToList();
            var yaws = frames.Select(f => HeadPose.Of(f.Landmarks).Yaw).ToList();
            for (var i = 0; i < 5; i++)
            for (var j = i + 1; j < 5; j++)
            for (var k = j + 1; k < 5; k++)
            {
                if (yaws[k] - yaws[i] < BonaFideTurn) continue;
                foreach (var (sequence, movement) in new[] { (new[] { frames[i], frames[j], frames[k] }, ChallengeMovement.TurnLeft),
                             (new[] { frames[k], frames[j], frames[i] }, ChallengeMovement.TurnRight) })
                {
                    bonaFide++;
                    var verdict = LiveChallenge.Judge(sequence, movement, t).Verdict;
                    if (verdict == LiveChallengeVerdict.Live) continue;
                    bonaFideRefused++;
                    refusals.Add($"{person} {verdict}");
                }
            }
        }

        // Attacks: the same still three times; a still and two views of it tilted as a picture (eight fresh pairs of random
        // angles per still), each judged against both turns.
        var random = new Random(30107);
        int repeated = 0, repeatedPassed = 0, tilted = 0, tiltedMovement = 0, tiltedPassed = 0;
        foreach (var person in People)
            for (var n = 1; n <= 5; n++)
            {
                var png = Crop(person, n);
                var still = Face(png);
                foreach (var movement in Turns)
                {
                    repeated++;
                    if (LiveChallenge.Judge([still, still, still], movement, t).Verdict == LiveChallengeVerdict.Live) repeatedPassed++;
                }
                for (var k = 0; k < 8; k++)
                {
                    var warped = new[] { still, Face(TiltedPicture.Of(png, random.Next(-35, 36), random.Next(-25, 26))),
                        Face(TiltedPicture.Of(png, random.Next(-35, 36), random.Next(-25, 26))) };
                    foreach (var movement in Turns)
                    {
                        tilted++;
                        var verdict = LiveChallenge.Judge(warped, movement, t).Verdict;
                        if (verdict is not (LiveChallengeVerdict.MovementNotSeen or LiveChallengeVerdict.NotSamePerson or LiveChallengeVerdict.NoFace)) tiltedMovement++;
                        if (verdict == LiveChallengeVerdict.Live) tiltedPassed++;
                    }
                }
            }
        var challengeBpcer = Rate(bonaFideRefused, bonaFide);
        lines.Add($"| the same still, 3 frames | challenge + planarity (system) | {Rate(repeatedPassed, repeated)} | {challengeBpcer} |");
        lines.Add($"| a still tilted as a picture, 3 frames | challenge (movement, same person) | {Rate(tiltedMovement, tilted)} | {challengeBpcer} |");
        lines.Add($"| a still tilted as a picture, 3 frames | challenge + planarity (system) | {Rate(tiltedPassed, tilted)} | {challengeBpcer} |");

        // Passive networks on single crops.
        var service = PassiveLiveness.TryCreate(pipeline.Models)!;
        var faces = BonaFideFaces.Crops(pipeline).ToList();
        float Live(float[] crop) => service.Run(crop).Classes[PassiveLiveness.LiveClassIndex];
        var passiveBpcer = Rate(faces.Count(f => Live(f.Crop) < PassiveOperatingPoint), faces.Count);
        foreach (var (species, apply) in SimulatedPresentations.All)
        {
            var passed = faces.Select((f, i) => Live(apply(f.Crop, i))).Count(live => live >= PassiveOperatingPoint);
            lines.Add($"| {species} | passive liveness at {PassiveOperatingPoint} (signal only) | {Rate(passed, faces.Count)} | {passiveBpcer} |");
        }
        foreach (var line in lines) output.WriteLine(line);
        output.WriteLine("bona fide refused: " + string.Join(", ", refusals.GroupBy(r => r).Select(g => $"{g.Key} x{g.Count()}")));

        // The layers that decide: a repeated still never passes; tilted stills stay within 2% (the goal is 1%,
        // which these simulations put at the edge: docs/PAD.md). The passive rows are reported only.
        Assert.Equal(0, repeatedPassed);
        Assert.True(tiltedPassed * 50 <= tilted, $"{tiltedPassed}/{tilted} tilted stills passed");
    }
}
