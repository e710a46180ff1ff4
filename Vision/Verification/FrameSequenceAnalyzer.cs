using Ledger.Vision.Imaging;
using Ledger.Vision.Matching;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tracking;

namespace Ledger.Vision.Verification;

/// <summary>
/// Analyses the frames of a live challenge. Detection is most of a frame's work (docs/VISION.md), so with tracking on the
/// detector runs on the first frame only and the face is followed into the next frames by the landmark network
/// (<see cref="FaceTracker"/>); then it runs again on the frame compared with the enrolled faces when that is another one.
/// What each frame still gets, and what falls back to detection:
/// <list type="bullet">
/// <item>Every frame's face is aligned and embedded, so the judgement's same-person test measures every frame as before.</item>
/// <item>A frame whose fit does not hold, or whose followed face is not the first frame's person (over
/// <c>maxDistanceToFirst</c>), is detected as without tracking: a face swapped in is then judged as the detector's choice
/// would have been, never skipped.</item>
/// <item>The compared frame is always a detected one: its face count (the second-face rule), its box (the passive
/// networks' crop) and its template are the detector's. When its chosen face is not the followed one, every frame is
/// detected, as without tracking.</item>
/// </list>
/// Thread-safe, as the <see cref="FaceVerifier"/> it runs on.
/// </summary>
/// <param name="verifier">The pipeline each frame goes through.</param>
/// <param name="track">False: every frame is detected, independently and at once (the pipeline before tracking).</param>
/// <param name="maxDistanceToFirst">The live challenge's same-person threshold (<see cref="LiveChallengeThresholds.MaxDistanceToFirst"/>).</param>
public sealed class FrameSequenceAnalyzer(FaceVerifier verifier, bool track = true, float? maxDistanceToFirst = null)
{
    /// <summary>
    /// Overlap (IoU) of the boxes the followed and the detected landmarks imply in the compared frame for the detector's
    /// choice to be the followed face.
    /// </summary>
    public const float MinSameFace = 0.5f;

    private readonly float _maxDistanceToFirst = maxDistanceToFirst ?? LiveChallengeThresholds.Default.MaxDistanceToFirst;

    /// <summary>Whether faces are followed between frames.</summary>
    public bool Tracks => track;

    /// <summary>The verifier underneath (detector, recognizer, matcher).</summary>
    public FaceVerifier Verifier => verifier;

    /// <summary>Runs <see cref="Analyze"/> off the caller's thread; without tracking the frames are analysed at once.</summary>
    /// <exception cref="ImageRejectedException">A frame is not an acceptable image.</exception>
    public async Task<FrameSequenceAnalysis> AnalyzeAsync(IReadOnlyList<byte[]> frames, CancellationToken cancellationToken = default)
    {
        if (track) return await Task.Run(() => Analyze(frames, cancellationToken), cancellationToken);
        // On an idle service the frames share the cores (a payment waits for its slowest frame, not the sum); under load
        // the networks' limiter queues them with everyone else's.
        var analyses = await Task.WhenAll(frames.Select(f => verifier.AnalyzeAsync(f, cancellationToken: cancellationToken)));
        return Sequence(analyses);
    }

    /// <summary>The frames' faces, the compared frame chosen by pose alone (<see cref="LiveChallenge.FacingFrame"/>).</summary>
    /// <exception cref="ImageRejectedException">A frame is not an acceptable image.</exception>
    public FrameSequenceAnalysis Analyze(IReadOnlyList<byte[]> frames, CancellationToken cancellationToken = default)
    {
        if (frames.Count == 0) throw new ArgumentException("A sequence needs frames.", nameof(frames));
        if (!track) return Sequence(frames.Select(f => verifier.Analyze(f, cancellationToken: cancellationToken)).ToList());
        var images = new DecodedImage?[frames.Count];
        var decodeMs = new double[frames.Count];
        try
        {
            DecodeAll(frames, images, decodeMs, cancellationToken);
            FaceAnalysis Detected(int i) => verifier.Analyze(images[i]!, decodeMs[i], cancellationToken: cancellationToken);

            var analyses = new FaceAnalysis[frames.Count];
            analyses[0] = Detected(0);
            if (analyses[0].Chosen is not { } first) return DetectEvery(analyses, Detected);
            var relation = BoxAroundLandmarks.Of(first.Box, first.Landmarks);
            var previous = first;
            for (var i = 1; i < frames.Count; i++)
            {
                var followed = verifier.Follow(images[i]!, decodeMs[i], relation.Around(previous.Landmarks), relation, cancellationToken);
                if (followed?.Chosen is { } face && FaceDistance.Between(first.Template, face.Template) <= _maxDistanceToFirst)
                {
                    analyses[i] = followed;
                    previous = face;
                    continue;
                }
                // Lost, or not the first frame's person: what the detector makes of this frame is what is judged.
                analyses[i] = Detected(i);
                if (analyses[i].Chosen is { } found)
                    (previous, relation) = (found, BoxAroundLandmarks.Of(found.Box, found.Landmarks));
            }

            var sequence = Sequence(analyses);
            var compared = sequence.Compared;
            if (analyses[compared].Route != DetectionRoute.Tracked) return sequence;
            var followedFace = analyses[compared].Chosen!;
            analyses[compared] = Detected(compared);
            return analyses[compared].Chosen is { } chosen
                   && relation.Around(chosen.Landmarks).IoU(relation.Around(followedFace.Landmarks)) >= MinSameFace
                ? new FrameSequenceAnalysis(analyses, compared)
                : DetectEvery(analyses, Detected);
        }
        finally
        {
            foreach (var image in images) image?.Dispose();
        }
    }

    // The frames are decoded at once, on as many cores as there are (each under the networks' limiter, as any decode): a
    // payment then waits for its slowest frame's decoding, not for the sum, and a frame that is not an acceptable image
    // refuses the sequence before any network runs.
    private void DecodeAll(IReadOnlyList<byte[]> frames, DecodedImage?[] images, double[] decodeMs, CancellationToken cancellationToken)
    {
        try
        {
            Parallel.For(0, frames.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                i => images[i] = verifier.DecodeTimed(frames[i], out decodeMs[i], cancellationToken));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    // Every frame not detected yet is, and the compared frame is chosen again among detected frames only.
    private static FrameSequenceAnalysis DetectEvery(FaceAnalysis[] analyses, Func<int, FaceAnalysis> detect)
    {
        for (var i = 0; i < analyses.Length; i++)
            if (analyses[i] is null || analyses[i].Route == DetectionRoute.Tracked)
                analyses[i] = detect(i);
        return Sequence(analyses);
    }

    private static FrameSequenceAnalysis Sequence(IReadOnlyList<FaceAnalysis> analyses) =>
        new(analyses, LiveChallenge.FacingFrame(analyses.Select(a => a.Chosen).ToList()));
}
