using Ledger.Vision.Alignment;
using Ledger.Vision.Detection;
using Ledger.Vision.Diagnostics;
using Ledger.Vision.Embedding;
using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;
using Ledger.Vision.Landmarks;
using Ledger.Vision.Matching;
using Ledger.Vision.Tracking;

namespace Ledger.Vision.Verification;

/// <summary>
/// The plugin's port: image bytes in, faces, quality and a template out; templates compared 1:1 or 1:N.
/// Thread-safe: all state is immutable or a shared, thread-safe inference session.
/// </summary>
public sealed class FaceVerifier
{
    // A tight crop fills the frame; a black border of this fraction of the longer side on every edge
    // gives the detector the context it was trained with.
    private const float FallbackBorder = 0.3f;

    private readonly ImageDecoder _decoder;
    private readonly IFaceDetector _detector;
    private readonly FaceLandmarker _landmarker;
    private readonly FaceTracker _tracker;
    private readonly FaceAligner _aligner;
    private readonly IFaceEmbedder _embedder;
    private readonly FaceMatcher _matcher;
    private readonly bool _fallback;
    private readonly Polly.ResiliencePipeline _limiter;

    /// <summary>
    /// Assembles the pipeline from its parts. Decoding runs under <paramref name="decodeLimiter"/>: the networks' limiter
    /// (<see cref="VisionModels.Limiter"/>), so a burst of captures decodes no more images at once than it runs networks;
    /// unlimited when null.
    /// </summary>
    public FaceVerifier(ImageDecoder decoder, IFaceDetector detector, FaceLandmarker landmarker, FaceAligner aligner,
        IFaceEmbedder embedder, FaceMatcher matcher, bool detectorFallback = true, Polly.ResiliencePipeline? decodeLimiter = null)
    {
        _limiter = decodeLimiter ?? Polly.ResiliencePipeline.Empty;
        _decoder = decoder;
        _detector = detector;
        _landmarker = landmarker;
        _tracker = new FaceTracker(landmarker);
        _aligner = aligner;
        _embedder = embedder;
        _matcher = matcher;
        _fallback = detectorFallback;
    }

    /// <summary>The pipeline described by <paramref name="options"/> over loaded <paramref name="models"/>.</summary>
    public static FaceVerifier Create(VisionModels models, VisionOptions options)
    {
        var detector = DetectorOf(models, options, options.Detector);
        var (aligner, embedder, matcher) = options.Recognizer == ModelPack.FaceRecognition
            ? (new FaceAligner(mode: options.Alignment), (IFaceEmbedder)new FaceEmbedder(models.FaceRecognition),
                new FaceMatcher(options.MatchThreshold, options.IdentificationMargin))
            : Recognizer(models, options);
        return new FaceVerifier(new ImageDecoder(options.ImageLimits), detector, new FaceLandmarker(models.FaceLandmark68),
            aligner, embedder, matcher, options.DetectorFallback, models.Limiter);
    }

    /// <summary>The detector network of <paramref name="kind"/> with the thresholds of <paramref name="options"/>.</summary>
    public static IFaceDetector DetectorOf(VisionModels models, VisionOptions options, DetectorKind kind) => kind == DetectorKind.Tiny
        ? new TinyFaceDetector(models.TinyFaceDetector, options.TinyInputSize, options.DetectionScoreThreshold)
        : new SsdFaceDetector(models.SsdMobilenetV1, options.DetectionScoreThreshold, options.SsdLandscape ? models.SsdMobilenetV1Landscape : null);

    // Another recognizer of the pack: chip, alignment, metric and threshold from its manifest entry.
    private static (FaceAligner, IFaceEmbedder, FaceMatcher) Recognizer(VisionModels models, VisionOptions options)
    {
        var model = models.Recognizer(options.Recognizer);
        var (spec, inputSize) = models.Pack.Recognition(options.Recognizer)
            ?? throw new ModelPackException($"The manifest does not describe the embedding of '{options.Recognizer}'.");
        var threshold = options.RecognizerThreshold ?? (float?)spec.OperatingPoint?.Threshold
            ?? throw new ModelPackException($"'{options.Recognizer}' has no operating point in the manifest; give a threshold.");
        var mode = options.Alignment == AlignmentMode.BoundingBox ? AlignmentMode.BoundingBox
            : spec.Alignment == RecognitionSpec.ArcFaceFivePoint ? AlignmentMode.ArcFaceFivePoint
            : AlignmentMode.Similarity;
        var metric = spec.Metric == RecognitionSpec.Cosine ? DistanceMetric.Cosine : DistanceMetric.Euclidean;
        return (new FaceAligner(inputSize, mode: mode), new GraphFaceEmbedder(model, spec, inputSize),
            new FaceMatcher(threshold, RecognizerMargin(options, threshold), metric));
    }

    /// <summary>The 1:N margin in the recognizer's own units: given, or the same share of its threshold as face_recognition's.</summary>
    public static float RecognizerMargin(VisionOptions options, float recognizerThreshold) =>
        options.RecognizerMargin ?? options.IdentificationMargin / options.MatchThreshold * recognizerThreshold;

    /// <summary>Floats per template of the recognizer in use (the manifest's declared embedding size).</summary>
    public int EmbeddingSize => _embedder switch
    {
        GraphFaceEmbedder graph => graph.Spec.EmbeddingSize,
        _ => FaceEmbedder.DescriptorLength,
    };

    /// <summary>The matcher (threshold and margin) in use.</summary>
    public FaceMatcher Matcher => _matcher;

    /// <summary>The descriptor network.</summary>
    public ModelInfo RecognitionModel => _embedder.Model;

    /// <summary>Runs <see cref="Analyze(ReadOnlySpan{byte}, bool, CancellationToken)"/> off the caller's thread.</summary>
    public Task<FaceAnalysis> AnalyzeAsync(ReadOnlyMemory<byte> imageBytes, bool allFaces = false, CancellationToken cancellationToken = default) =>
        Task.Run(() => AnalyzeCore(imageBytes, allFaces, cancellationToken), cancellationToken);

    /// <summary>
    /// Runs <see cref="Analyze(ReadOnlySpan{byte}, bool, CancellationToken)"/> off the caller's thread, then
    /// <paramref name="then"/> on the decoded image and its analysis before the pixels are let go: what reads the same
    /// pixels after the analysis (the passive networks) does not decode the bytes again.
    /// </summary>
    /// <exception cref="ImageRejectedException">The bytes are not an acceptable image.</exception>
    public Task<T> AnalyzeAsync<T>(ReadOnlyMemory<byte> imageBytes, Func<DecodedImage, FaceAnalysis, T> then, CancellationToken cancellationToken = default) =>
        Task.Run(() =>
        {
            using var image = DecodeTimed(imageBytes, out var decodeMs, cancellationToken);
            return then(image, Analyze(image, decodeMs, cancellationToken: cancellationToken));
        }, cancellationToken);

    /// <summary>
    /// Decodes, detects, chooses the face to verify, then for it (or every face when <paramref name="allFaces"/>)
    /// finds landmarks, aligns, embeds and measures quality.
    /// </summary>
    /// <exception cref="ImageRejectedException">The bytes are not an acceptable image.</exception>
    public FaceAnalysis Analyze(ReadOnlySpan<byte> imageBytes, bool allFaces = false, CancellationToken cancellationToken = default) =>
        AnalyzeCore(imageBytes.ToArray(), allFaces, cancellationToken);

    /// <summary>
    /// Decodes under the networks' limiter: the decoded pixels (up to <see cref="ImageLimits.MaxPixels"/> x 4 bytes) exist
    /// for no more images at once than networks run, whatever the number of requests in flight.
    /// </summary>
    /// <exception cref="ImageRejectedException">The bytes are not an acceptable image.</exception>
    /// <exception cref="Polly.RateLimiting.RateLimiterRejectedException">Too many decodes and runs were already waiting.</exception>
    public DecodedImage Decode(ReadOnlyMemory<byte> imageBytes, CancellationToken cancellationToken = default) =>
        _limiter.Execute(static (state, _) => state.decoder.Decode(state.imageBytes.Span), (decoder: _decoder, imageBytes), cancellationToken);

    private FaceAnalysis AnalyzeCore(ReadOnlyMemory<byte> imageBytes, bool allFaces, CancellationToken cancellationToken)
    {
        using var image = DecodeTimed(imageBytes, out var decodeMs, cancellationToken);
        return Analyze(image, decodeMs, allFaces, cancellationToken);
    }

    /// <summary><see cref="Decode"/> as the pipeline's decode stage (span, metric), with its milliseconds.</summary>
    /// <exception cref="ImageRejectedException">The bytes are not an acceptable image.</exception>
    public DecodedImage DecodeTimed(ReadOnlyMemory<byte> imageBytes, out double decodeMs, CancellationToken cancellationToken = default)
    {
        using var stages = new StageClock(VisionActivities.Decode);
        var image = Decode(imageBytes, cancellationToken);
        decodeMs = stages.Next(null);
        return image;
    }

    /// <summary>
    /// Detects in a decoded image, chooses the face to verify, then for it (or every face when <paramref name="allFaces"/>)
    /// finds landmarks, aligns, embeds and measures quality. <paramref name="decodeMs"/> is what decoding it took.
    /// </summary>
    public FaceAnalysis Analyze(DecodedImage image, double decodeMs, bool allFaces = false, CancellationToken cancellationToken = default)
    {
        using var stages = new StageClock(VisionActivities.Detect);
        var (detections, route, detector) = Detect(image, cancellationToken);
        var chosen = FaceChooser.Choose(detections, image.Width, image.Height);
        var detectMs = stages.Next(VisionActivities.Landmarks);

        // Only the chosen face unless asked for all; landmarks and descriptors of several faces run as one batch.
        var boxes = allFaces ? detections : chosen < 0 ? [] : [detections[chosen]];
        var landmarks = _landmarker.Detect(image, boxes, cancellationToken);
        var landmarksMs = stages.Next(VisionActivities.Align);
        var (faces, alignMs, embedMs) = Describe(image, boxes, landmarks, stages, cancellationToken);
        return new FaceAnalysis(image.Width, image.Height, detections, chosen, faces, route, detector, _embedder.Model,
            new StageTimings(decodeMs, detectMs, landmarksMs, alignMs, embedMs));
    }

    /// <summary>
    /// The face followed into <paramref name="image"/> from the previous frame of a sequence (<see cref="FaceTracker"/>):
    /// landmarks fitted in <paramref name="seed"/>, then aligned, embedded and measured as a detected face is. Null when
    /// the fit does not hold (the face is not there): the caller detects instead. No detector runs, so nothing is counted:
    /// the analysis holds the followed face alone (<see cref="DetectionRoute.Tracked"/>).
    /// </summary>
    public FaceAnalysis? Follow(DecodedImage image, double decodeMs, FaceBox seed, BoxAroundLandmarks relation, CancellationToken cancellationToken = default)
    {
        using var stages = new StageClock(VisionActivities.Landmarks);
        var tracked = _tracker.Follow(image, seed, relation, cancellationToken);
        var landmarksMs = stages.Next(tracked is null ? null : VisionActivities.Align);
        if (tracked is null) return null;
        var (faces, alignMs, embedMs) = Describe(image, [tracked.Box], [tracked.Landmarks], stages, cancellationToken);
        return new FaceAnalysis(image.Width, image.Height, [tracked.Box], 0, faces, DetectionRoute.Tracked, _landmarker.Model, _embedder.Model,
            new StageTimings(decodeMs, 0, landmarksMs, alignMs, embedMs));
    }

    // Alignment, quality and one batched embedding of faces whose landmarks are known; the align stage is open on entry.
    // The chips are drawn straight into the embedding's batch tensor (pooled), which the network then reads in place.
    private (List<AnalyzedFace> Faces, double AlignMs, double EmbedMs) Describe(DecodedImage image, IReadOnlyList<FaceBox> boxes,
        IReadOnlyList<FaceLandmarks68> landmarks, StageClock stages, CancellationToken cancellationToken)
    {
        var perChip = _aligner.ChipLength;
        using var chips = new PooledTensor(landmarks.Count * perChip);
        var aligned = new AlignedFace[landmarks.Count];
        var quality = new QualitySignals[landmarks.Count];
        for (var i = 0; i < landmarks.Count; i++)
        {
            var chip = chips.Span.Slice(i * perChip, perChip);
            aligned[i] = _aligner.Align(image, landmarks[i], chip);
            quality[i] = QualityEstimator.Estimate(boxes[i], landmarks[i], aligned[i], chip);
        }
        var alignMs = stages.Next(VisionActivities.Embed);
        var templates = _embedder.Embed(chips.Memory, landmarks.Count, cancellationToken);
        var embedMs = stages.Next(null);
        return (boxes.Select((b, i) => new AnalyzedFace(b, landmarks[i], aligned[i], quality[i], templates[i])).ToList(), alignMs, embedMs);
    }

    /// <summary>1:1: the analysed probe against one enrolled template.</summary>
    /// <exception cref="ModelMismatchException">The template was made by another model.</exception>
    public VerificationResult Verify(FaceAnalysis probe, FaceTemplate template)
    {
        var face = probe.Chosen;
        if (face is null)
            return NoFace(probe, margin: null);
        var match = _matcher.Verify(face.Template, template);
        return Result(probe, face, ToDecision(match.Decision), null, match.Distance, match.Score, null, null);
    }

    /// <summary>1:N: the analysed probe against a candidate set, with the margin rule.</summary>
    /// <exception cref="ModelMismatchException">A candidate template was made by another model.</exception>
    public VerificationResult Identify(FaceAnalysis probe, IEnumerable<Candidate> candidates)
    {
        var face = probe.Chosen;
        if (face is null)
            return NoFace(probe, _matcher.Margin);
        IdentificationMatch match;
        using (VisionActivities.Stage(VisionActivities.Match)) match = _matcher.Identify(face.Template, candidates);
        return Result(probe, face, ToDecision(match.Decision), match.CandidateId, match.Distance, match.Score,
            match.Margin, float.IsFinite(match.RunnerUpDistance) ? match.RunnerUpDistance : null);
    }

    /// <summary>1:1 for a probe template computed on the terminal (no image here, so no quality signals).</summary>
    /// <exception cref="ModelMismatchException">The two templates come from different models.</exception>
    public VerificationResult Verify(FaceTemplate probe, FaceTemplate template)
    {
        var match = _matcher.Verify(probe, template);
        return OnDevice(ToDecision(match.Decision), null, match.Distance, match.Score, null, null);
    }

    /// <summary>1:N for a probe template computed on the terminal.</summary>
    /// <exception cref="ModelMismatchException">A candidate template comes from another model.</exception>
    public VerificationResult Identify(FaceTemplate probe, IEnumerable<Candidate> candidates)
    {
        var match = _matcher.Identify(probe, candidates);
        return OnDevice(ToDecision(match.Decision), match.CandidateId, match.Distance, match.Score, match.Margin,
            float.IsFinite(match.RunnerUpDistance) ? match.RunnerUpDistance : null);
    }

    private VerificationResult OnDevice(VerificationDecision decision, string? candidate, float distance, float score, float? margin, float? runnerUp) =>
        new(decision, candidate, float.IsFinite(distance) ? distance : null, score, _matcher.Threshold, margin, runnerUp, null, null, null,
            _embedder.Model.Id, _embedder.Model.Version, _embedder.Model.Sha256, "none", DetectionRoute.OnDevice, new StageTimings(0, 0, 0, 0, 0));

    /// <summary>The faces, the route that found them and the network the last detection ran (the graph for the image's shape).</summary>
    private (IReadOnlyList<FaceBox> Faces, DetectionRoute Route, ModelInfo Detector) Detect(DecodedImage image, CancellationToken ct)
    {
        var faces = _detector.Detect(image, 0, ct);
        if (faces.Count > 0 || !_fallback)
            return (faces, faces.Count > 0 ? DetectionRoute.Direct : DetectionRoute.None, _detector.ModelFor(image.Width, image.Height, 0));
        faces = _detector.Detect(image, FallbackBorder, ct);
        var padded = _detector.ModelFor(image.Width, image.Height, FallbackBorder);
        if (faces.Count > 0)
            return (faces, DetectionRoute.Padded, padded);
        return ([new FaceBox(0, 0, image.Width, image.Height, 0)], DetectionRoute.WholeFrame, padded);
    }

    private VerificationResult Result(FaceAnalysis probe, AnalyzedFace face, VerificationDecision decision, string? candidate,
        float distance, float score, float? margin, float? runnerUp) =>
        new(decision, candidate, distance, score, _matcher.Threshold, margin, runnerUp, probe.FacesSeen, face.Box, face.Quality,
            _embedder.Model.Id, _embedder.Model.Version, _embedder.Model.Sha256, probe.Detector.Id, probe.Route, probe.Timings);

    private VerificationResult NoFace(FaceAnalysis probe, float? margin) =>
        new(VerificationDecision.NoFace, null, null, null, _matcher.Threshold, margin, null, 0, null, null,
            _embedder.Model.Id, _embedder.Model.Version, _embedder.Model.Sha256, probe.Detector.Id, probe.Route, probe.Timings);

    private static VerificationDecision ToDecision(MatchDecision decision) => decision switch
    {
        MatchDecision.Match => VerificationDecision.Match,
        MatchDecision.Ambiguous => VerificationDecision.Ambiguous,
        _ => VerificationDecision.NoMatch,
    };
}
