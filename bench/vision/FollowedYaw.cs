using System.Globalization;
using Ledger.Vision.Inference;
using Ledger.Vision.Matching;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tracking;
using Ledger.Vision.Verification;

namespace Ledger.Bench.Vision;

/// <summary>
/// How far a followed frame's yaw is from the detector's own fit of the same frame, over the shared faces: each person's
/// five crops as 640x480 frames (the photo 400 px high, as bench/facepay.sh's tills send them), as taken and mirrored, each
/// followed from every other of the person's frames as <see cref="FrameSequenceAnalyzer"/> follows a face. Where the fit
/// held, the followed face's yaw against the yaw the same frame gives when detected.
/// <see cref="LiveChallenge.FollowedYawError"/> is chosen from this (docs/VISION.md, "Which frame is compared").
/// </summary>
internal static class FollowedYaw
{
    public static string Measure(string packDirectory, string facesDirectory)
    {
        var options = new VisionOptions { ModelPackDirectory = packDirectory };
        using var models = VisionModels.Load(options);
        var verifier = FaceVerifier.Create(models, options);
        var differences = new List<float>();
        var lost = 0;
        foreach (var person in PaymentProfile.People)
        {
            var frames = Enumerable.Range(1, 5).SelectMany(n => new[] { false, true }
                    .Select(mirror => PaymentProfile.Frame(File.ReadAllBytes(Path.Combine(facesDirectory, person, $"{n}.png")), mirror)))
                .Select(bytes => verifier.Decode(bytes)).Select(image => (Image: image, Detected: verifier.Analyze(image, 0).Chosen)).ToList();
            foreach (var from in frames)
            foreach (var to in frames)
            {
                if (ReferenceEquals(from.Image, to.Image) || from.Detected is not { } start || to.Detected is not { } detected) continue;
                // As FrameSequenceAnalyzer follows a face: in the box the detected frame's landmarks imply, the fit held and
                // the same person as the frame it was followed from.
                var relation = BoxAroundLandmarks.Of(start.Box, start.Landmarks);
                var followed = verifier.Follow(to.Image, 0, relation.Around(start.Landmarks), relation);
                if (followed?.Chosen is not { } face || FaceDistance.Between(start.Template, face.Template) > LiveChallengeThresholds.Default.MaxDistanceToFirst)
                {
                    lost++;
                    continue;
                }
                differences.Add(Math.Abs(HeadPose.Of(face.Landmarks).Yaw - HeadPose.Of(detected.Landmarks).Yaw));
            }
            foreach (var frame in frames) frame.Image.Dispose();
        }
        if (differences.Count == 0) throw new InvalidOperationException("no frame was followed");
        differences.Sort();
        string P(double q) => differences[Math.Min(differences.Count - 1, (int)Math.Ceiling(q * differences.Count) - 1)].ToString("0.000", CultureInfo.InvariantCulture);
        return $"followed yaw against the detector's fit of the same frame, |difference| in eye distances, over {differences.Count} followed frames " +
               $"({lost} pairs fell back to the detector): p50 {P(0.5)}, p90 {P(0.9)}, p95 {P(0.95)}, p99 {P(0.99)}, max {P(1)}; " +
               $"LiveChallenge.FollowedYawError is {LiveChallenge.FollowedYawError.ToString("0.000", CultureInfo.InvariantCulture)}";
    }
}
