using System.Globalization;
using System.Text;
using JasperFx.Events;
using Ledger.Domain;
using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Marten;

namespace Ledger.Infrastructure.Audit.Replay;

/// <summary>A payment's decision exactly as recorded: outcome, reason, the face evidence and the rule inputs, who asked, and the refunds after it.</summary>
public sealed record DecisionExplanation(
    Guid PaymentId,
    string Outcome,
    string? Reason,
    Money Amount,
    Guid? WalletId,
    Guid MerchantId,
    Guid TerminalId,
    DateTimeOffset DecidedAt,
    DecisionInputs? Inputs,
    long Seq,
    string? Actor,
    string? CorrelationId,
    string? RequestId,
    IReadOnlyList<Money> Refunds,
    FaceEvidence? Face = null,
    string? FacePolicy = null,
    FaceOperatingPoint? OperatingPoint = null)
{
    /// <summary>The same record for a person: each rule in the order the decider applies them, with the recorded figures.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Payment {PaymentId}: {Outcome.ToUpperInvariant()}{(Reason is null ? "" : $" ({Reason})")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  decided at {AuditRecord(DecidedAt)}, recorded at seq {Seq} by {Actor ?? "unknown"} (correlation {CorrelationId ?? "-"}, request {RequestId ?? "-"})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  amount {Amount}, wallet {WalletId?.ToString() ?? "none named"}, merchant {MerchantId}, terminal {TerminalId}");
        FaceText(text);
        if (Inputs is not { } i)
        {
            text.AppendLine("  limits: not reached (the face was not verified)");
            return text.ToString();
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"  rules ({i.LimitPolicy}), as recorded when deciding:");
        foreach (var rule in Rules())
            text.AppendLine(CultureInfo.InvariantCulture, $"    {(rule.Passes ? "pass" : "FAIL")}  {rule.Name,-18} {rule.Figures}");
        foreach (var refund in Refunds) text.AppendLine(CultureInfo.InvariantCulture, $"  refunded {refund} later");
        return text.ToString();
    }

    /// <summary>The limit rules in the order the decider applies them, with the figures recorded when deciding (none when the face failed first).</summary>
    public IReadOnlyList<RuleCheck> Rules() => Inputs is not { } i ? [] :
    [
        new("wallet status", $"{i.WalletStatus}", i.WalletStatus == Domain.Wallets.WalletStatus.Active),
        new("face pay consent", i.FacePayEnabled ? "given" : "not given", i.FacePayEnabled),
        new("per-payment limit", $"{Amount} of at most {i.PerPaymentLimit}", Amount <= i.PerPaymentLimit),
        new("daily count", $"{i.CountToday} earlier today + this one, at most {i.DailyCountLimit}", i.CountToday + 1 <= i.DailyCountLimit),
        new("daily amount", $"{i.UsedToday} used today + {Amount}, at most {i.DailyAmountLimit}", i.UsedToday + Amount <= i.DailyAmountLimit),
        new("balance", $"{i.Balance} available for {Amount}", Amount <= i.Balance),
    ];

    /// <summary>
    /// The face evidence as named figures, for a page: the match, the capture's quality and provenance, the live challenge
    /// and the passive presentation-attack scores where they were recorded, and the operating point. Empty without a face.
    /// </summary>
    public IReadOnlyList<(string Name, string Value)> FaceFacts()
    {
        if (Face is not { } f) return [];
        var c = CultureInfo.InvariantCulture;
        var facts = new List<(string, string)>
        {
            ("outcome", $"{f.Outcome}"),
            ("policy", FacePolicy ?? "-"),
            ("hint", $"{f.Hint}, {f.Candidates} candidate(s)"),
            ("template", f.TemplateId?.ToString() ?? "-"),
            ("distance", $"{Num(f.Distance)} against threshold {Num(f.Threshold)}"),
            ("score", Num(f.Score)),
            ("runner-up", $"{Num(f.RunnerUpDistance)}, margin {Num(f.Margin)}"),
            ("faces seen", f.FacesSeen?.ToString(c) ?? "- (template from the device)"),
            ("detector", f.Detector),
        };
        if (f.Quality is { } q)
            facts.Add(("quality", $"face {Num(q.FaceWidthPx)} px, eyes {Num(q.InterocularPx)} px apart, sharpness {Num(q.Sharpness)}, frontalness {Num(q.Frontalness)}, roll {Num(q.RollDegrees)} deg"));
        facts.Add(("model", $"{f.ModelId} (sha256 {f.ModelSha256})"));
        facts.Add(("capture sha256", f.CaptureSha256));
        if (f.Capture is { } capture)
            facts.Add(("capture", $"{capture.Assurance}, device key {capture.DeviceKeyId ?? "-"}, counter {capture.Counter?.ToString(c) ?? "-"}, challenge {capture.ChallengeId?.ToString() ?? "-"}"));
        if (f.Live is { } live)
            facts.Add(("live challenge", $"{live.Movement}: {live.Verdict} over {live.Frames} frames, yaw change {Num(live.YawChange)}, pitch change {Num(live.PitchChange)}, planar residual {Num(live.PlanarResidual)}, farthest from the first {Num(live.MaxDistanceToFirst)}"));
        if (f.Passive is { } passive)
            facts.Add(("passive checks", $"real {Num(passive.Real)} ({passive.AntispoofModel}), live {Num(passive.Live)} ({passive.LivenessModel})"));
        facts.Add(("operating point", OperatingPoint is not { } p
            ? "not recorded (decided before face_operating_point_recorded.v1)"
            : $"{p.ThresholdSource}: {p.ModelId}, {p.Metric} distance, threshold {Num(p.Threshold)}, margin {Num(p.Margin)}, calibration revision {p.CalibrationRevision?.ToString(c) ?? "-"}"));
        return facts;
    }

    private void FaceText(StringBuilder text)
    {
        if (Face is not { } f)
        {
            text.AppendLine("  face verification: none (a terminal payment without a face)");
            return;
        }
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"  face verification ({FacePolicy ?? "-"}): {f.Outcome}, hint {f.Hint}, {f.Candidates} candidate(s), template {f.TemplateId?.ToString() ?? "-"}");
        text.AppendLine(c, $"    distance {Num(f.Distance)} against threshold {Num(f.Threshold)} (score {Num(f.Score)}), runner-up {Num(f.RunnerUpDistance)}, margin {Num(f.Margin)}");
        text.AppendLine(c, $"    faces seen {f.FacesSeen?.ToString(c) ?? "- (template from the device)"}, detector {f.Detector}");
        if (f.Quality is { } q)
            text.AppendLine(c, $"    quality: face {Num(q.FaceWidthPx)} px, eyes {Num(q.InterocularPx)} px apart, sharpness {Num(q.Sharpness)}, frontalness {Num(q.Frontalness)}, roll {Num(q.RollDegrees)} deg");
        text.AppendLine(c, $"    model {f.ModelId} sha256 {f.ModelSha256}, capture sha256 {f.CaptureSha256}");
        if (OperatingPoint is not { } p)
        {
            text.AppendLine("    operating point: not recorded (decided before face_operating_point_recorded.v1)");
            return;
        }
        text.AppendLine(c, $"    operating point ({p.ThresholdSource}): {p.ModelId}, {p.Metric} distance, threshold {Num(p.Threshold)}, margin {Num(p.Margin)}, calibration revision {p.CalibrationRevision?.ToString(c) ?? "-"}");
        if (p.CalibratedThreshold is { } calibrated)
            text.AppendLine(c, $"      calibrated {calibrated:0.####} for false accepts {p.FalseAcceptTarget:0.######} per comparison: {p.FalseAccepts} of {p.ImpostorPairs} impostor pairs accepted, 95% bound {p.FalseAcceptBound95:0.#####} ({p.Evidence})");
    }

    private static string Num(float? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "-";

    private static string AuditRecord(DateTimeOffset at) => Domain.Audit.AuditRecord.FormatTimestamp(at);
}

/// <summary>One limit rule of a decision: its name, the recorded figures it was applied to, and whether they pass it.</summary>
public sealed record RuleCheck(string Name, string Figures, bool Passes);

/// <summary>Reads a payment's recorded decision; nothing is recomputed.</summary>
public sealed class DecisionExplainer(IDocumentStore store)
{
    public async Task<DecisionExplanation?> ExplainAsync(Guid paymentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        IReadOnlyList<IEvent> events = await session.Events.FetchStreamAsync(paymentId, token: ct);
        var decision = events.FirstOrDefault(e => e.Data is PaymentAuthorized or PaymentDeclined or FaceVerificationFailed);
        if (decision is null) return null;
        var refunds = events.Select(e => e.Data).OfType<PaymentRefunded>().Select(r => r.Amount).ToList();
        var point = events.Select(e => e.Data).OfType<FaceOperatingPointRecorded>().FirstOrDefault()?.OperatingPoint;
        var actor = decision.Headers?.GetValueOrDefault(EventStore.EventHeaders.Actor)?.ToString();
        var request = decision.Headers?.GetValueOrDefault(EventStore.EventHeaders.RequestId)?.ToString();
        return decision.Data switch
        {
            PaymentAuthorized a => new DecisionExplanation(a.PaymentId, "authorized", null, a.Amount, a.WalletId, a.MerchantId, a.TerminalId,
                a.AuthorizedAt, a.Inputs, decision.Sequence, actor, decision.CorrelationId, request, refunds, a.Inputs.Face, a.Inputs.FacePolicy, point),
            PaymentDeclined d => new DecisionExplanation(d.PaymentId, "declined", RuleCodeOf(d.Reason), d.Amount, d.WalletId, d.MerchantId, d.TerminalId,
                d.DeclinedAt, d.Inputs, decision.Sequence, actor, decision.CorrelationId, request, refunds, d.Inputs.Face, d.Inputs.FacePolicy, point),
            FaceVerificationFailed f => new DecisionExplanation(f.PaymentId, "declined", RuleCodeOf(f.Reason), f.Amount, f.WalletId, f.MerchantId,
                f.TerminalId, f.FailedAt, null, decision.Sequence, actor, decision.CorrelationId, request, refunds, f.Evidence, f.PolicyVersion, point),
            _ => null,
        };
    }

    private static string RuleCodeOf(DeclineReason reason) => RuleCodes.FromName(reason.ToString());
}
