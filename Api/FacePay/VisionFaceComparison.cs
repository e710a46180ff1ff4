using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Vision.Embedding;
using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;
using Ledger.Vision.PresentationAttack;
using Ledger.Domain.Capture;
using Ledger.Vision.Matching;
using Ledger.Vision.Verification;

namespace Ledger.Api.FacePay;

/// <summary>The vision plugin behind face pay's comparison port: decode, detect, embed and match, reported in the ledger's terms.</summary>
/// <param name="passive">The passive networks, when the model pack has them: their scores go into the evidence.</param>
public sealed class VisionFaceComparison(FaceVerifier verifier, PassiveLiveness? passive = null) : IFaceComparison
{
    public FaceModel Model => new(verifier.RecognitionModel.Key, verifier.RecognitionModel.Sha256, FaceTemplate.Length,
        verifier.Matcher.Threshold, verifier.Matcher.Margin);

    public async Task<FaceMeasurement> MeasureAsync(FaceProbe probe, IReadOnlyList<FaceCandidate> candidates, CancellationToken ct)
    {
        var model = verifier.RecognitionModel.Key;
        var against = candidates.Select(c => new Candidate(c.Id, new FaceTemplate(c.Template, model))).ToList();
        switch (probe)
        {
            case CapturedFace capture:
                return Identified(capture.Image, await AnalyzeAsync(capture.Image, ct), against, ct);
            case CapturedFrames sequence:
                var analyses = new List<FaceAnalysis>();
                foreach (var frame in sequence.Frames) analyses.Add(await AnalyzeAsync(frame, ct));
                // The first frame is the one compared; every frame is judged for the live challenge.
                var identified = Identified(sequence.Frames[0], analyses[0], against, ct);
                return sequence.Movement is { } movement ? identified with { Live = LiveCheck.Judge(analyses, movement) } : identified;
            case DeviceTemplate template:
                return Measured(verifier.Identify(new FaceTemplate(template.Values, template.ModelId), against), null, []);
            default:
                throw new ArgumentOutOfRangeException(nameof(probe), probe.GetType().Name, "Not a kind of probe this service compares.");
        }
    }

    private async Task<FaceAnalysis> AnalyzeAsync(byte[] image, CancellationToken ct)
    {
        try { return await verifier.AnalyzeAsync(image, cancellationToken: ct); }
        catch (ImageRejectedException e) { throw FaceCaptures.Refused(e); }
    }

    private FaceMeasurement Identified(byte[] image, FaceAnalysis analysis, IReadOnlyList<Candidate> against, CancellationToken ct)
    {
        var chosen = analysis.ChosenIndex >= 0 ? analysis.Detections[analysis.ChosenIndex].Width : (float?)null;
        var others = analysis.Detections.Where((_, i) => i != analysis.ChosenIndex).Select(b => b.Width).ToList();
        return Measured(verifier.Identify(analysis, against), chosen, others) with { Passive = PassiveScores(image, analysis, ct) };
    }

    /// <summary>The passive networks on the compared face (human's crop of the detector's box), or null without them or a face.</summary>
    private PassiveEvidence? PassiveScores(byte[] image, FaceAnalysis analysis, CancellationToken ct)
    {
        if (passive is null || analysis.ChosenIndex < 0) return null;
        using var decoded = verifier.Decode(image, ct);
        var scores = passive.Score(decoded, analysis.Detections[analysis.ChosenIndex], ct);
        return new PassiveEvidence(scores.Real, scores.Live, scores.Antispoof.Key, scores.Liveness.Key);
    }

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
