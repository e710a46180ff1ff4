using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Vision.Embedding;
using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;
using Ledger.Vision.PresentationAttack;
using Ledger.Domain.Capture;
using Ledger.Vision.Matching;
using Ledger.Vision.Verification;
using Ledger.Vision.Diagnostics;

namespace Ledger.Api.FacePay;

/// <summary>
/// The vision plugin behind face pay's comparison port: decode, detect, embed and match, reported in the ledger's terms.
/// Each comparison runs under the model of its candidates (the one in service, or an older one kept to renew templates,
/// <see cref="TemplateRenewalOptions"/>); every candidate is tagged with the model that made it, so one of another model
/// is refused by the matcher (<see cref="ModelMismatchException"/>), never compared.
/// </summary>
/// <param name="passive">The passive networks, when the model pack has them: their scores go into the evidence.</param>
public sealed class VisionFaceComparison(FaceVerifier verifier, VisionOptions options, VisionModels models, TemplateRenewalOptions? renewal = null,
    PassiveLiveness? passive = null) : IFaceComparison
{
    private readonly IReadOnlyDictionary<string, FaceVerifier> _older = (renewal?.From ?? [])
        .Where(id => id != options.Recognizer)
        .Select(id => FaceVerifier.Create(models, options with { Recognizer = id }))
        .ToDictionary(v => v.RecognitionModel.Key, StringComparer.Ordinal);

    // The frames of a challenge may go through another detector (VisionOptions.ChallengeDetector); same recognizer, same
    // matcher. The face is followed between them unless VisionOptions.ChallengeTracking is off, and the compared frame's
    // faces are counted by VisionOptions.ChallengeCounter when it is another detector.
    private readonly FrameSequenceAnalyzer _frames = FrameSequenceAnalyzer.Create(
        options.ChallengeDetector is { } detector && detector != options.Detector
            ? FaceVerifier.Create(models, options with { Detector = detector })
            : verifier, models, options);

    public FaceModel Model => ModelOf(verifier);

    public IReadOnlyList<FaceModel> RenewFrom => _older.Values.Select(ModelOf).ToList();

    public async Task<FaceMeasurement> MeasureAsync(FaceProbe probe, IReadOnlyList<FaceCandidate> candidates, CancellationToken ct)
    {
        var under = VerifierFor(candidates.Select(c => c.ModelId).Distinct().ToList());
        var against = candidates.Select(c => new Candidate(c.Id, new FaceTemplate(c.Template, c.ModelId))).ToList();
        var measured = await MeasureWithAsync(under, probe, against, ct);
        return measured with { OperatingPoint = ModelOf(under).OperatingPoint };
    }

    public async Task<ProbeTemplate> TemplateOfAsync(FaceProbe probe, IReadOnlyList<FaceCandidate> others, CancellationToken ct)
    {
        FaceAnalysis analysis;
        switch (probe)
        {
            case CapturedFace capture:
                analysis = await AnalyzeAsync(verifier, capture.Image, ct);
                break;
            case CapturedFrames sequence:
                // The frame the payment compared: the one facing the camera most.
                var frames = await AnalyzeFramesAsync(_frames, sequence.Frames, ct);
                analysis = frames.Frames[frames.Compared];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(probe), probe.GetType().Name, "Only a capture renews a template.");
        }
        if (analysis.Chosen is not { } face) return new ProbeTemplate([], analysis.FacesSeen, null, false);
        var against = others.Select(c => new Candidate(c.Id, new FaceTemplate(c.Template, c.ModelId))).ToList();
        var looksLikeAnother = against.Count > 0 && verifier.Identify(analysis, against).Decision is VerificationDecision.Match or VerificationDecision.Ambiguous;
        return new ProbeTemplate(face.Template.Descriptor, analysis.FacesSeen, FaceEvidenceMapping.Quality(face.Quality), looksLikeAnother);
    }

    private FaceVerifier VerifierFor(IReadOnlyList<string> modelIds) =>
        modelIds.Count == 1 && _older.TryGetValue(modelIds[0], out var older) ? older : verifier;

    private async Task<FaceMeasurement> MeasureWithAsync(FaceVerifier under, FaceProbe probe, IReadOnlyList<Candidate> against, CancellationToken ct)
    {
        switch (probe)
        {
            case CapturedFace capture:
                var (single, singlePassive) = await AnalyzeAsync(under, capture.Image, (image, analysis) => PassiveScores(image, analysis, ct), ct);
                return Identified(under, single, singlePassive, against);
            case CapturedFrames sequence:
                var analyzer = under == verifier ? _frames : new FrameSequenceAnalyzer(under, _frames.Tracks, counter: _frames.Counter, sketcher: _frames.Sketcher);
                var (analyzed, comparedPassive) = await AnalyzeFramesAsync(analyzer, sequence.Frames, (image, analysis) => PassiveScores(image, analysis, ct), ct);
                // The frame facing the camera most is the one compared (chosen by pose alone, never by who it matches; a
                // detected frame, or a followed one whose faces were counted); every frame is judged for the live challenge.
                var identified = Identified(under, analyzed.Frames[analyzed.Compared], comparedPassive, against);
                return sequence.Movement is { } movement ? identified with { Live = LiveCheck.Judge(analyzed.Faces, movement) } : identified;
            case DeviceTemplate template:
                return Measured(under.Identify(new FaceTemplate(template.Values, template.ModelId), against), null, []);
            default:
                throw new ArgumentOutOfRangeException(nameof(probe), probe.GetType().Name, "Not a kind of probe this service compares.");
        }
    }

    private static async Task<FrameSequenceAnalysis> AnalyzeFramesAsync(FrameSequenceAnalyzer analyzer, IReadOnlyList<byte[]> frames, CancellationToken ct)
    {
        try { return await analyzer.AnalyzeAsync(frames, ct); }
        catch (ImageRejectedException e) { throw FaceCaptures.Refused(e); }
    }

    private static async Task<(FrameSequenceAnalysis, T)> AnalyzeFramesAsync<T>(FrameSequenceAnalyzer analyzer, IReadOnlyList<byte[]> frames,
        Func<DecodedImage, FaceAnalysis, T> onCompared, CancellationToken ct)
    {
        try { return await analyzer.AnalyzeAsync(frames, onCompared, ct); }
        catch (ImageRejectedException e) { throw FaceCaptures.Refused(e); }
    }

    private static async Task<FaceAnalysis> AnalyzeAsync(FaceVerifier under, byte[] image, CancellationToken ct)
    {
        try { return await under.AnalyzeAsync(image, cancellationToken: ct); }
        catch (ImageRejectedException e) { throw FaceCaptures.Refused(e); }
    }

    private static async Task<(FaceAnalysis, T)> AnalyzeAsync<T>(FaceVerifier under, byte[] image, Func<DecodedImage, FaceAnalysis, T> then, CancellationToken ct)
    {
        try { return await under.AnalyzeAsync(image, (decoded, analysis) => (analysis, then(decoded, analysis)), ct); }
        catch (ImageRejectedException e) { throw FaceCaptures.Refused(e); }
    }

    private static FaceMeasurement Identified(FaceVerifier under, FaceAnalysis analysis, PassiveEvidence? passive, IReadOnlyList<Candidate> against)
    {
        var chosen = analysis.ChosenIndex >= 0 ? analysis.Detections[analysis.ChosenIndex].Width : (float?)null;
        var others = analysis.Detections.Where((_, i) => i != analysis.ChosenIndex).Select(b => b.Width).ToList();
        return Measured(under.Identify(analysis, against), chosen, others) with { Passive = passive };
    }

    /// <summary>
    /// The passive networks on the compared face (human's crop of the detector's box), or null without them or a face; on
    /// the pixels the analysis read, not decoded again.
    /// </summary>
    private PassiveEvidence? PassiveScores(DecodedImage decoded, FaceAnalysis analysis, CancellationToken ct)
    {
        if (passive is null || analysis.ChosenIndex < 0) return null;
        using var span = VisionActivities.Stage(VisionActivities.Pad);
        var scores = passive.Score(decoded, analysis.Detections[analysis.ChosenIndex], ct);
        return new PassiveEvidence(scores.Real, scores.Live, scores.Antispoof.Key, scores.Liveness.Key);
    }

    private FaceModel ModelOf(FaceVerifier v) =>
        new(v.RecognitionModel.Key, v.RecognitionModel.Sha256, v.EmbeddingSize, v.Matcher.Threshold, v.Matcher.Margin,
            OperatingPointOf.Of(v, models.Pack));

    private static FaceMeasurement Measured(VerificationResult r, float? chosenWidth, IReadOnlyList<float> otherWidths) =>
        new(Comparison(r.Decision), r.CandidateId, r.Distance, r.Score, r.Threshold, r.Margin, r.RunnerUpDistance, r.FacesSeen,
            FaceEvidenceMapping.Quality(r.Quality), $"{r.ModelId}@{r.ModelVersion}", r.ModelSha256,
            $"{r.DetectorId}/{r.Route.ToString().ToLowerInvariant()}", chosenWidth, otherWidths);

    private static FaceComparison Comparison(VerificationDecision decision) => decision switch
    {
        VerificationDecision.Match => FaceComparison.Match,
        VerificationDecision.Ambiguous => FaceComparison.Ambiguous,
        VerificationDecision.NoFace => FaceComparison.NoFace,
        VerificationDecision.NoMatch => FaceComparison.NoMatch,
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, null),
    };
}
