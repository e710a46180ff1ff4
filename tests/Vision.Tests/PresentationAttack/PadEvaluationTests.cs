using Ledger.Vision.Detection;
using Ledger.Vision.Matching;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Tests.Tracking;
using Ledger.Vision.Verification;
using SkiaSharp;
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

    /// <summary>What one way of analysing a challenge's frames lets through.</summary>
    private sealed record ChallengeCounts(int BonaFide, int BonaFideRefused, List<string> Refusals, int Repeated, int RepeatedPassed,
        int Tilted, int TiltedMovement, int TiltedPassed, int Frames, int FramesDetected, List<string> Passed,
        int OnCard, int OnCardMovement, int OnCardPassed, int OnCardFrames, int OnCardDetected);

    /// <summary>
    /// Every sequence analysed as a payment analyses it (<see cref="FrameSequenceAnalyzer"/>): the frames in the order a
    /// camera takes them, the face followed from frame to frame when <paramref name="analyzer"/> tracks.
    /// </summary>
    /// <param name="tillFrames">Every frame set 300 px high in the middle of a till's 640x480 grey frame, as a till's camera sends it,
    /// instead of as the crop or card alone.</param>
    private ChallengeCounts Challenge(FrameSequenceAnalyzer analyzer, bool onCards, bool tillFrames = false)
    {
        var t = LiveChallengeThresholds.Default;
        int frames = 0, detected = 0;
        IReadOnlyList<AnalyzedFace?> Faces(byte[][] sequence)
        {
            var analysis = analyzer.Analyze(tillFrames ? sequence.Select(f => TillFrames.Of((f, new SKPoint(170, 90), 300))).ToArray() : sequence);
            frames += sequence.Length;
            detected += analysis.Detected;
            return analysis.Faces;
        }

        // Bona fide: every three of a person's five photos in the order of a turn (either way) whose end frames differ by a
        // clear turn. The challenge only asks for turns (HeadMovements.Asked): nobody in the shared faces looks up.
        int bonaFide = 0, bonaFideRefused = 0;
        var refusals = new List<string>();
        foreach (var person in People)
        {
            var photos = Enumerable.Range(1, 5).Select(n => Crop(person, n)).Select(png => (png, yaw: HeadPose.Of(Face(png)!.Landmarks).Yaw))
                .OrderBy(p => p.yaw).ToList();
            for (var i = 0; i < 5; i++)
            for (var j = i + 1; j < 5; j++)
            for (var k = j + 1; k < 5; k++)
            {
                if (photos[k].yaw - photos[i].yaw < BonaFideTurn) continue;
                foreach (var (sequence, movement) in new[] { (new[] { photos[i].png, photos[j].png, photos[k].png }, ChallengeMovement.TurnLeft),
                             (new[] { photos[k].png, photos[j].png, photos[i].png }, ChallengeMovement.TurnRight) })
                {
                    bonaFide++;
                    var verdict = LiveChallenge.Judge(Faces(sequence), movement, t).Verdict;
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
        var passed = new List<string>();
        foreach (var person in People)
            for (var n = 1; n <= 5; n++)
            {
                var png = Crop(person, n);
                var still = Faces([png, png, png]);
                foreach (var movement in Turns)
                {
                    repeated++;
                    if (LiveChallenge.Judge(still, movement, t).Verdict == LiveChallengeVerdict.Live) repeatedPassed++;
                }
                for (var k = 0; k < 8; k++)
                {
                    var warped = Faces([png, TiltedPicture.Of(png, random.Next(-35, 36), random.Next(-25, 26)),
                        TiltedPicture.Of(png, random.Next(-35, 36), random.Next(-25, 26))]);
                    foreach (var movement in Turns)
                    {
                        tilted++;
                        var verdict = LiveChallenge.Judge(warped, movement, t).Verdict;
                        if (verdict is not (LiveChallengeVerdict.MovementNotSeen or LiveChallengeVerdict.NotSamePerson or LiveChallengeVerdict.NoFace)) tiltedMovement++;
                        if (verdict != LiveChallengeVerdict.Live) continue;
                        tiltedPassed++;
                        passed.Add($"{person}/{n}");
                    }
                }
            }

        // The same attack as a camera sees it: every frame the picture on its card in one place, the first held flat, then
        // tilted (eight fresh pairs per still). The frames share their geometry, so the face is followed between them;
        // above, the first frame is the bare crop and the followed face is mostly lost and detected again.
        var (framesBefore, detectedBefore) = (frames, detected);
        var onCardRandom = new Random(30108);
        int onCard = 0, onCardMovement = 0, onCardPassed = 0;
        foreach (var person in onCards ? People : [])
            for (var n = 1; n <= 5; n++)
            {
                var png = Crop(person, n);
                var flat = TiltedPicture.Of(png, 0, 0);
                for (var k = 0; k < 8; k++)
                {
                    var warped = Faces([flat, TiltedPicture.Of(png, onCardRandom.Next(-35, 36), onCardRandom.Next(-25, 26)),
                        TiltedPicture.Of(png, onCardRandom.Next(-35, 36), onCardRandom.Next(-25, 26))]);
                    foreach (var movement in Turns)
                    {
                        onCard++;
                        var verdict = LiveChallenge.Judge(warped, movement, t).Verdict;
                        if (verdict is not (LiveChallengeVerdict.MovementNotSeen or LiveChallengeVerdict.NotSamePerson or LiveChallengeVerdict.NoFace)) onCardMovement++;
                        if (verdict != LiveChallengeVerdict.Live) continue;
                        onCardPassed++;
                        passed.Add($"card {person}/{n}");
                    }
                }
            }
        return new ChallengeCounts(bonaFide, bonaFideRefused, refusals, repeated, repeatedPassed, tilted, tiltedMovement, tiltedPassed, framesBefore,
            detectedBefore, passed, onCard, onCardMovement, onCardPassed, frames - framesBefore, detected - detectedBefore);
    }

    private static void AddRows(List<string> lines, ChallengeCounts c, string how)
    {
        var bpcer = Rate(c.BonaFideRefused, c.BonaFide);
        lines.Add($"| the same still, 3 frames | challenge + planarity (system){how} | {Rate(c.RepeatedPassed, c.Repeated)} | {bpcer} |");
        lines.Add($"| a still tilted as a picture, 3 frames | challenge (movement, same person){how} | {Rate(c.TiltedMovement, c.Tilted)} | {bpcer} |");
        lines.Add($"| a still tilted as a picture, 3 frames | challenge + planarity (system){how} | {Rate(c.TiltedPassed, c.Tilted)} | {bpcer} |");
        if (c.OnCard == 0) return;
        lines.Add($"| a picture on a card, held flat then tilted, 3 frames | challenge (movement, same person){how} | {Rate(c.OnCardMovement, c.OnCard)} | {bpcer} |");
        lines.Add($"| a picture on a card, held flat then tilted, 3 frames | challenge + planarity (system){how} | {Rate(c.OnCardPassed, c.OnCard)} | {bpcer} |");
    }

    private static string Notes(ChallengeCounts c, string how) =>
        $"bona fide refused{how}: " + string.Join(", ", c.Refusals.GroupBy(r => r).Select(g => $"{g.Key} x{g.Count()}")) +
        $"; tilted passed: " + string.Join(", ", c.Passed.GroupBy(r => r).Select(g => $"{g.Key} x{g.Count()}")) +
        $"; frames detected: {c.FramesDetected}/{c.Frames}, on a card {c.OnCardDetected}/{c.OnCardFrames}";

    /// <summary>
    /// Set (bench/pad.sh does): the pictures on a card too, and every row again with the face sketched by the tiny detector
    /// and detected on the compared frame alone (<c>Vision:ChallengeSketch=Tiny</c>, one ssd run per payment) and with every
    /// frame detected (the pipeline before tracking). Off in the test suite, whose hang limit (10 min) a loaded machine would
    /// not keep with them.
    /// </summary>
    private static bool Full => Environment.GetEnvironmentVariable("LEDGER_PAD_FULL") == "1";

    [Fact]
    public void Every_simulated_species_through_every_layer()
    {
        var lines = new List<string> { "| species (simulated) | layer | APCER (≤ 95% bound) | BPCER (bona fide, ≤ 95% bound) |", "| --- | --- | ---: | ---: |" };
        // The service's way (FrameSequenceAnalyzer as VisionOptions configure it); with Full, the other ways too.
        var tracked = Challenge(FrameSequenceAnalyzer.Create(pipeline.Verifier, pipeline.Models, pipeline.Options), onCards: Full);
        AddRows(lines, tracked, "");
        var sketched = Full ? Challenge(FrameSequenceAnalyzer.Create(pipeline.Verifier, pipeline.Models,
            pipeline.Options with { ChallengeSketch = DetectorKind.Tiny }), onCards: true) : null;
        if (sketched is not null) AddRows(lines, sketched, ", sketched by tiny");
        var untracked = Full ? Challenge(new FrameSequenceAnalyzer(pipeline.Verifier, track: false), onCards: true) : null;
        if (untracked is not null) AddRows(lines, untracked, ", every frame detected");
        // On a till's 640x480 frames, ssd's landscape graph (the service's) and its square side by side.
        var framed = Full ? Challenge(FrameSequenceAnalyzer.Create(pipeline.Verifier, pipeline.Models, pipeline.Options), onCards: true, tillFrames: true) : null;
        if (framed is not null) AddRows(lines, framed, ", on a till's frame");
        var squareOptions = pipeline.Options with { SsdLandscape = false };
        var framedSquare = Full ? Challenge(FrameSequenceAnalyzer.Create(FaceVerifier.Create(pipeline.Models, squareOptions), pipeline.Models, squareOptions),
            onCards: true, tillFrames: true) : null;
        if (framedSquare is not null) AddRows(lines, framedSquare, ", on a till's frame, ssd's square");

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
        output.WriteLine(Notes(tracked, ""));
        if (sketched is not null) output.WriteLine(Notes(sketched, ", sketched by tiny"));
        if (untracked is not null) output.WriteLine(Notes(untracked, ", every frame detected"));
        if (framed is not null) output.WriteLine(Notes(framed, ", on a till's frame"));
        if (framedSquare is not null) output.WriteLine(Notes(framedSquare, ", on a till's frame, ssd's square"));

        // The layers that decide: a repeated still never passes; tilted stills stay within 2% (the goal is 1%,
        // which these simulations put at the edge: docs/PAD.md). The passive rows are reported only.
        Assert.Equal(0, tracked.RepeatedPassed);
        Assert.True(tracked.TiltedPassed * 50 <= tracked.Tilted, $"{tracked.TiltedPassed}/{tracked.Tilted} tilted stills passed");
        Assert.True(tracked.OnCardPassed * 50 <= tracked.OnCard, $"{tracked.OnCardPassed}/{tracked.OnCard} pictures on a card passed");
    }
}
