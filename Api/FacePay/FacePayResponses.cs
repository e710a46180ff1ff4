using Ledger.Api.Http;
using Ledger.Api.Payments;
using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;

namespace Ledger.Api.FacePay;

/// <summary>The face evidence of a decision as operators and auditors see it (never a terminal); <c>detector</c> is the
/// detector that found the compared face and its route (<c>ssd_mobilenetv1@…/direct</c>).</summary>
public sealed record FaceResponse(
    string Outcome, float? Distance, float? Score, float Threshold, float? Margin, int? FacesSeen, FaceQuality? Quality,
    string ModelId, string ModelSha256, string Detector, string Hint, int Candidates, string CaptureSha256, CaptureResponse? Capture,
    Domain.Capture.LiveChallengeEvidence? Live, Domain.Capture.PassiveEvidence? Passive, FaceOperatingPoint? OperatingPoint)
{
    /// <param name="point">The operating point recorded with the decision (none for decisions from before it was recorded).</param>
    public static FaceResponse From(FaceEvidence e, FaceOperatingPoint? point = null) => new(Domain.RuleCodes.FromName(e.Outcome.ToString()), e.Distance,
        e.Score, e.Threshold, e.Margin, e.FacesSeen, e.Quality, e.ModelId, e.ModelSha256, e.Detector, Domain.RuleCodes.FromName(e.Hint.ToString()), e.Candidates,
        e.CaptureSha256, e.Capture is { } c ? CaptureResponse.From(c) : null, e.Live, e.Passive, point);
}

/// <summary>What vouched for the capture: assurance (unattested, registered, hardware-attested), device key, counter, challenge.</summary>
public sealed record CaptureResponse(string Assurance, string? DeviceKeyId, long? Counter, Guid? ChallengeId, string? Movement)
{
    public static CaptureResponse From(Domain.Capture.CaptureEvidence c) =>
        new(Capture.AssuranceNames.Of(c.Assurance), c.DeviceKeyId, c.Counter, c.ChallengeId,
            c.Movement is { } m ? Infrastructure.Capture.CaptureStatementCodec.MovementName(m) : null);
}

/// <summary>
/// A wallet's face-pay state: consent, template reference (never the template), lock-out. <c>templates</c> lists one
/// reference per model, the newest first (a renewal after a model upgrade keeps the old model's beside the new one).
/// </summary>
public sealed record FaceProfileResponse(
    Guid WalletId, bool FacePayEnabled, string? ConsentPolicyVersion, Guid? TemplateId, string? ModelId, string? ModelSha256,
    DateTimeOffset? EnrolledAt, bool NeedsReenrolment, bool Erased, bool Locked, int RecentFailures, int PinRejections,
    IReadOnlyList<FaceTemplateRef> Templates)
{
    public static FaceProfileResponse From(Wallet w)
    {
        var b = w.Biometrics;
        return new FaceProfileResponse(w.Id, w.FacePayEnabled, w.ConsentPolicyVersion, b.Template?.TemplateId, b.Template?.ModelId,
            b.Template?.ModelSha256, b.Template?.EnrolledAt, b.Template?.Outdated ?? false, b.Erased, b.IsLocked, b.Failures.Failures.Count,
            b.PinRejections, b.Templates);
    }
}

/// <summary>What a terminal needs to know before it asks the shopper anything.</summary>
public sealed record FacePayPolicyResponse(string Version, string PinAbove, int LockAfterFailures, double FailureWindowMinutes, string ModelId);
