using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;
using Ledger.Vision.Landmarks;
using Ledger.Vision.Matching;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tracking;

namespace Ledger.Vision.Verification;

/// <summary>
/// Analyses the frames of a live challenge. Detection is most of a frame's work (docs/VISION.md), so with tracking on the
/// detector runs once: with a <paramref name="sketcher"/>, on the frame the sketch finds facing the camera most, and the
/// face is followed from there into the others (<see cref="AnalyzeFromCompared"/>); without one, or when the sketch loses the
/// face, on the first frame, the face followed into the next frames by the landmark network (<see cref="FaceTracker"/>), and
/// again on the frame compared with the enrolled faces when that is another one. What each frame still gets, and what falls
/// back to detection:
/// <list type="bullet">
/// <item>Every frame's face is aligned and embedded, so the judgement's same-person test measures every frame as before.</item>
/// <item>A frame whose fit does not hold, or whose followed face is not the person it was followed from (over
/// <c>maxDistanceToFirst</c> from the first frame's, or from the compared frame's when sketched), is detected as without tracking: a face swapped in is then judged as the detector's choice
/// would have been, never skipped.</item>
/// <item>The compared frame, when its face was followed, has its faces counted: by <paramref name="counter"/> when one is
/// given and it chooses the followed face (<see cref="DetectionRoute.Counted"/>: the followed face is compared, the counter
/// says which others are in view), else by detecting it again, whose face count (the second-face rule), box (the passive
/// networks' crop) and template are then the detector's. When the detector's chosen face is not the followed one, every
/// frame is detected, as without tracking.</item>
/// </list>
/// Thread-safe, as the <see cref="FaceVerifier"/> it runs on.
/// </summary>
/// <param name="verifier">The pipeline each frame goes through.</param>
/// <param name="track">False: every frame is detected, independently and at once (the pipeline before tracking).</param>
/// <param name="maxDistanceToFirst">The live challenge's same-person threshold (<see cref="LiveChallengeThresholds.MaxDistanceToFirst"/>).</param>
/// <param name="counter">Counts the faces of a followed compared frame instead of a second detection; null detects it again.</param>
/// <param name="sketcher">Finds the compared frame before any detection, which then runs on it alone
/// (<see cref="AnalyzeFromCompared"/>); null detects the first frame and follows from it.</param>
public sealed class FrameSequenceAnalyzer(FaceVerifier verifier, bool track = true, float? maxDistanceToFirst = null,
    ComparedFrameCounter? counter = null, TrackSketcher? sketcher = null)
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

    /// <summary>What counts the faces of a followed compared frame, or null when it is detected again.</summary>
    public ComparedFrameCounter? Counter => counter;

    /// <summary>What finds the compared frame before the detector runs, or null when the first frame is detected.</summary>
    public TrackSketcher? Sketcher => sketcher;

    /// <summary>
    /// The analyzer <paramref name="options"/> describe over <paramref name="verifier"/>: tracking
    /// (<see cref="VisionOptions.ChallengeTracking"/>) and the compared frame's counter (<see cref="VisionOptions.ChallengeCounter"/>:
    /// none when it is the challenge's own detector, which then detects the frame again).
    /// </summary>
    public static FrameSequenceAnalyzer Create(FaceVerifier verifier, VisionModels models, VisionOptions options)
    {
        var challenge = options.ChallengeDetector ?? options.Detector;
        var landmarker = new FaceLandmarker(models.FaceLandmark68);
        var counter = options.ChallengeCounter is { } kind && kind != challenge
            ? new ComparedFrameCounter(FaceVerifier.DetectorOf(models, options, kind), landmarker)
            : null;
        var sketcher = options.ChallengeSketch is { } sketch && sketch != challenge
            ? new TrackSketcher(FaceVerifier.DetectorOf(models, options, sketch), landmarker)
            : null;
        return new FrameSequenceAnalyzer(verifier, options.ChallengeTracking, counter: counter, sketcher: sketcher);
    }

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

    /// <summary>
    /// <see cref="AnalyzeAsync(IReadOnlyList{byte[]}, CancellationToken)"/>, then <paramref name="onCompared"/> on the
    /// compared frame's decoded image and analysis before the pixels are let go: what reads that frame's pixels after the
    /// analysis (the passive networks) does not decode it again.
    /// </summary>
    /// <exception cref="ImageRejectedException">A frame is not an acceptable image.</exception>
    public async Task<(FrameSequenceAnalysis Analysis, T Compared)> AnalyzeAsync<T>(IReadOnlyList<byte[]> frames,
        Func<DecodedImage, FaceAnalysis, T> onCompared, CancellationToken cancellationToken = default)
    {
        if (track) return await Task.Run(() => Analyze(frames, onCompared, cancellationToken), cancellationToken);
        var untracked = await AnalyzeAsync(frames, cancellationToken);
        return await Task.Run(() => (untracked, DecodedAgain(frames, untracked, onCompared, cancellationToken)), cancellationToken);
    }

    /// <summary><see cref="AnalyzeAsync{T}"/> on the caller's thread.</summary>
    /// <exception cref="ImageRejectedException">A frame is not an acceptable image.</exception>
    public (FrameSequenceAnalysis Analysis, T Compared) Analyze<T>(IReadOnlyList<byte[]> frames, Func<DecodedImage, FaceAnalysis, T> onCompared,
        CancellationToken cancellationToken = default)
    {
        if (!track)
        {
            var untracked = Analyze(frames, cancellationToken);
            return (untracked, DecodedAgain(frames, untracked, onCompared, cancellationToken));
        }
        T compared = default!;
        var analysis = AnalyzeThen(frames, (image, face) => compared = onCompared(image, face), cancellationToken);
        return (analysis, compared);
    }

    // Without tracking each frame was decoded and let go by its own analysis: the compared one is decoded again.
    private T DecodedAgain<T>(IReadOnlyList<byte[]> frames, FrameSequenceAnalysis analysis, Func<DecodedImage, FaceAnalysis, T> onCompared,
        CancellationToken cancellationToken)
    {
        using var image = verifier.Decode(frames[analysis.Compared], cancellationToken);
        return onCompared(image, analysis.Frames[analysis.Compared]);
    }

    /// <summary>The frames' faces, the compared frame chosen by pose alone (<see cref="LiveChallenge.FacingFrame(IReadOnlyList{AnalyzedFace?}, IReadOnlyList{bool})"/>).</summary>
    /// <exception cref="ImageRejectedException">A frame is not an acceptable image.</exception>
    public FrameSequenceAnalysis Analyze(IReadOnlyList<byte[]> frames, CancellationToken cancellationToken = default) =>
        AnalyzeThen(frames, null, cancellationToken);

    private FrameSequenceAnalysis AnalyzeThen(IReadOnlyList<byte[]> frames, Action<DecodedImage, FaceAnalysis>? onCompared, CancellationToken cancellationToken)
    {
        if (frames.Count == 0) throw new ArgumentException("A sequence needs frames.", nameof(frames));
        if (!track) return Sequence(frames.Select(f => verifier.Analyze(f, cancellationToken: cancellationToken)).ToList());
        var images = new DecodedImage?[frames.Count];
        var decodeMs = new double[frames.Count];
        try
        {
            DecodeAll(frames, images, decodeMs, cancellationToken);
            var analysis = Tracked(images!, decodeMs, cancellationToken);
            onCompared?.Invoke(images[analysis.Compared]!, analysis.Frames[analysis.Compared]);
            return analysis;
        }
        finally
        {
            foreach (var image in images) image?.Dispose();
        }
    }

    // The tracked analysis of decoded frames (the class's summary).
    private FrameSequenceAnalysis Tracked(DecodedImage[] images, double[] decodeMs, CancellationToken cancellationToken)
    {
        FaceAnalysis Detected(int i) => verifier.Analyze(images[i], decodeMs[i], cancellationToken: cancellationToken);
        if (sketcher?.Sketch(images, cancellationToken) is { } sketch
            && AnalyzeFromCompared(images, decodeMs, sketch, Detected, cancellationToken) is { } fromCompared)
            return fromCompared;

        var analyses = new FaceAnalysis[images.Length];
        analyses[0] = Detected(0);
        if (analyses[0].Chosen is not { } first) return DetectEvery(analyses, Detected);
        var relation = BoxAroundLandmarks.Of(first.Box, first.Landmarks);
        var previous = first;
        for (var i = 1; i < images.Length; i++)
        {
            var followed = verifier.Follow(images[i], decodeMs[i], relation.Around(previous.Landmarks), relation, cancellationToken);
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
        if (counter?.Count(images[compared], analyses[compared], relation, cancellationToken) is { } counted)
        {
            analyses[compared] = counted;
            return new FrameSequenceAnalysis(analyses, compared);
        }
        var followedFace = analyses[compared].Chosen!;
        analyses[compared] = Detected(compared);
        return analyses[compared].Chosen is { } chosen
               && relation.Around(chosen.Landmarks).IoU(relation.Around(followedFace.Landmarks)) >= MinSameFace
            ? new FrameSequenceAnalysis(analyses, compared)
            : DetectEvery(analyses, Detected);
    }

    /// <summary>
    /// The detector on the compared frame alone: the frame facing the camera most in the sketch (chosen by pose alone) is
    /// detected, and the detector's face there is followed outward from it into the other frames, each fitted in the box its
    /// neighbour's landmarks imply (nearer the compared frame), as from a detected first frame. Null when the sketch finds the
    /// first frame facing the camera most: the caller follows from the detected first frame, as without a sketch, which then
    /// also needs the detector once. The compared frame is a detected one (its face count, box and template are the
    /// detector's), and:
    /// <list type="bullet">
    /// <item>The detector's chosen face in the compared frame must be the sketched one (boxes overlap at least
    /// <see cref="MinSameFace"/>), else every frame is detected, as without tracking.</item>
    /// <item>A frame whose fit does not hold, or whose face is not the compared frame's person, is detected, and the frames
    /// beyond it are followed from that detection.</item>
    /// </list>
    /// </summary>
    private FrameSequenceAnalysis? AnalyzeFromCompared(IReadOnlyList<DecodedImage> images, double[] decodeMs, FaceLandmarks68[] sketch,
        Func<int, FaceAnalysis> detected, CancellationToken cancellationToken)
    {
        var compared = LiveChallenge.FacingLandmarks(sketch);
        if (compared == 0) return null;
        var analyses = new FaceAnalysis[images.Count];
        analyses[compared] = detected(compared);
        if (analyses[compared].Chosen is not { } anchor) return DetectEvery(analyses, detected);
        var relation = BoxAroundLandmarks.Of(anchor.Box, anchor.Landmarks);
        if (relation.Around(anchor.Landmarks).IoU(relation.Around(sketch[compared])) < MinSameFace) return DetectEvery(analyses, detected);
        foreach (var step in (int[])[-1, 1])
        {
            var (previous, around) = (anchor, relation);
            for (var i = compared + step; i >= 0 && i < images.Count; i += step)
            {
                var followed = verifier.Follow(images[i], decodeMs[i], around.Around(previous.Landmarks), around, cancellationToken);
                if (followed?.Chosen is { } face && FaceDistance.Between(anchor.Template, face.Template) <= _maxDistanceToFirst)
                {
                    (analyses[i], previous) = (followed, face);
                    continue;
                }
                // Lost, or not the compared frame's person: what the detector makes of this frame is what is judged.
                analyses[i] = detected(i);
                if (analyses[i].Chosen is { } found)
                    (previous, around) = (found, BoxAroundLandmarks.Of(found.Box, found.Landmarks));
            }
        }
        return new FrameSequenceAnalysis(analyses, compared);
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
            if (analyses[i] is null || analyses[i].Route is DetectionRoute.Tracked or DetectionRoute.Counted)
                analyses[i] = detect(i);
        return Sequence(analyses);
    }

    // The compared frame by pose alone, a followed frame's pose taken as measured less surely than a detected one's.
    private static FrameSequenceAnalysis Sequence(IReadOnlyList<FaceAnalysis> analyses) =>
        new(analyses, LiveChallenge.FacingFrame(analyses.Select(a => a.Chosen).ToList(),
            analyses.Select(a => a.Route is DetectionRoute.Tracked or DetectionRoute.Counted).ToList()));
}
