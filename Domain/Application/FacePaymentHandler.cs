using System.Security.Cryptography;
using Ledger.Domain.Capture;
using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;

namespace Ledger.Domain.Application;

/// <summary>
/// Verify-and-pay, whichever way the terminal's request came (HTTP or the bus): refuse what the request itself rules
/// out, find the customers the hint allows, compare only those who may be compared (a decoy when nobody may, so the
/// work looks the same), conclude what the face check says, check the PIN of the customer it found, and let the
/// ledger decide and record it all in one commit.
/// </summary>
/// <param name="intake">What this service accepts without a device's signed statement (nothing, by default).</param>
public sealed class FacePaymentHandler(
    IFaceComparison faces, IFaceVault vault, IFacePayReads reads, IFacePaymentLedger ledger, ICaptureStatementVerifier statements,
    CaptureIntake intake)
{
    public const string DecoyId = "decoy";

    public async Task<CommandResult<Payment>> PayAsync(FacePaymentAttempt attempt, CommandContext context, CancellationToken ct)
    {
        var policy = ledger.Policy;
        var model = faces.Model;
        // The statement first: what it vouches for decides what the request may ask (amount, PIN, template).
        VerifiedCapture? capture = null;
        if (attempt.Statement is { } statement)
        {
            capture = await statements.VerifyAsync(statement, attempt.TerminalId, ct);
            CaptureStatementRules.CheckRequest(capture.Statement, attempt, context.Now);
        }
        else if (!intake.AcceptUnattestedCaptures)
            throw new DomainRuleViolation(CaptureRuleCodes.StatementRequired,
                "A face payment needs the capture statement signed by the terminal's device key (ask for a challenge first: POST /v1/face-payments/challenges).");
        var captureEvidence = capture is null ? CaptureEvidence.Unattested : CaptureEvidence.Of(capture);
        FacePayAdmission.Check(attempt, policy, captureEvidence.Assurance, intake.AcceptUnattestedTemplates, model.Key, model.TemplateLength);

        var captureSha = vault.DigestOf(attempt.Probe);
        var requestHash = RequestHashOf(attempt, captureSha);
        if (await ledger.EarlierAnswerAsync(requestHash, context, ct) is { } earlier) return earlier;

        var terminal = await reads.TerminalAsync(attempt.TerminalId, ct);
        var probe = attempt.Probe;
        if (capture is not null)
        {
            // Checked again in the payment's commit, where it counts; here so that a replayed statement costs no face work.
            var challenge = await reads.ChallengeAsync(capture.ChallengeId, ct);
            TerminalChallengeDecider.Use(challenge, attempt.TerminalId, ChallengePurpose.Capture, attempt.Amount, "-", context.Now);
            if (terminal is not null) CaptureStatementRules.Advance(capture, terminal, Guid.Empty, context.Now);
            probe = LiveChallengeRules.ProbeFor(challenge!, capture.Statement, attempt.Probe);
        }

        var hintId = attempt.Hint.PhoneLastFour is { } lastFour && terminal is not null
            ? PhoneHintAttempts.IdOf(terminal.MerchantId, lastFour) : (Guid?)null;
        if (hintId is { } hint && PhoneHintAttempts.Throttled(await reads.PhoneHintAsync(hint, ct), policy, context.Now))
        {
            // Nothing is compared: the suffix failed too often here lately, so it no longer narrows a search.
            var throttled = new FaceEvidence(FaceOutcome.HintThrottled, null, null, model.Threshold, model.Margin, null, null, null, model.Key, model.Sha256, "-",
                CustomerHintKind.PhoneLastFour, 0, null, captureSha, captureEvidence);
            return await ledger.PayAsync(new PayByFace(context.IdFor("face-payment"), null, attempt.TerminalId, attempt.Amount, throttled,
                PinCheck.NotRequired, context.Now, hint, capture, model.OperatingPoint), requestHash, context, ct);
        }

        var found = await vault.FindAsync(attempt.Hint, ct);
        var wallets = found.Count == 0 ? new Dictionary<Guid, Wallets.Wallet>() : await reads.WalletsAsync(found.Select(t => t.WalletId).Distinct().ToList(), ct);
        // One model for the whole search (never a template of one model against a probe of another); eligibility before
        // decryption: a locked, frozen, closed, non-consenting, erased or outdated customer is never compared.
        var readable = found.Where(t => !t.IsErased).ToList();
        var under = ComparisonModel.Choose([model.Key, .. faces.RenewFrom.Select(m => m.Key)],
            readable.Select(t => new TemplateOnFile(t.WalletId, t.TemplateId, t.ModelId)), wallets);
        var comparable = readable.Where(t => t.ModelId == under && wallets.TryGetValue(t.WalletId, out var w)
                                             && FaceEligibility.MayBeCompared(w, t.TemplateId, under)).ToList();
        // With nobody to compare, the probe is compared with a decoy all the same: the work, and so the answer's
        // timing, does not tell whether anybody eligible has the digits the shopper typed.
        var candidates = comparable.Count > 0
            ? comparable.Select(t => new FaceCandidate(t.WalletId.ToString(), vault.Open(t), t.ModelId)).ToList()
            : [new FaceCandidate(DecoyId, Decoy(model.TemplateLength), model.Key)];
        var measured = await faces.MeasureAsync(probe, candidates, ct);
        if (comparable.Count == 0) measured = measured.AgainstNobody();

        var outcome = FaceOutcomeRules.Classify(measured, policy, readable.Select(t => t.WalletId).Distinct().Count(), comparable.Count, attempt.Hint.Kind);
        var matched = outcome == FaceOutcome.Match ? comparable.First(t => t.WalletId.ToString() == measured.CandidateId) : null;
        var named = attempt.Hint.WalletId ?? (found.Select(t => t.WalletId).Distinct().Count() == 1 ? found[0].WalletId : null);
        var nearest = measured.CandidateId is { } id ? comparable.First(t => t.WalletId.ToString() == id).TemplateId
            : named is { } n ? found.FirstOrDefault(t => t.WalletId == n)?.TemplateId : null;
        var evidence = measured.Evidence(outcome, attempt.Hint.Kind, comparable.Count, nearest, captureSha) with { Capture = captureEvidence };
        var point = measured.OperatingPoint ?? model.OperatingPoint;
        var renewal = matched is not null && under != model.Key && wallets[matched.WalletId].Biometrics.CurrentTemplateOf(model.Key) is null
            ? await RenewalAsync(probe, matched.WalletId, readable, wallets, context, ct) : ((TemplateRenewal, float[])?)null;

        var pin = matched is not null && policy.RequiresPin(attempt.Amount, captureEvidence.Assurance)
            ? await vault.CheckPinAsync(matched.WalletId, attempt.Pin, ct) : PinCheck.NotRequired;
        var command = new PayByFace(context.IdFor("face-payment"), matched?.WalletId ?? named, attempt.TerminalId, attempt.Amount, evidence, pin,
            context.Now, hintId, capture, point, renewal?.Item1);
        return await ledger.PayAsync(command, requestHash, context, ct,
            renewal is var (made, values) ? w => vault.KeepRenewed(w.Id, w.PhoneNumber, made.TemplateId, model.Key, model.Sha256, values, context.Now) : null);
    }

    /// <summary>
    /// The face matched a customer's template of an older model: the model in service makes its template of the same
    /// capture and compares it with the others the hint allows that it may compare (their templates of its own model), so
    /// that the ledger can decide whether the payment renews the customer's template (<see cref="TemplateRenewalRule"/>).
    /// </summary>
    private async Task<(TemplateRenewal Renewal, float[] Values)> RenewalAsync(FaceProbe probe, Guid walletId, IReadOnlyList<SealedFaceTemplate> readable,
        IReadOnlyDictionary<Guid, Wallets.Wallet> wallets, CommandContext context, CancellationToken ct)
    {
        var model = faces.Model;
        var others = readable.Where(t => t.WalletId != walletId && t.ModelId == model.Key && wallets.TryGetValue(t.WalletId, out var w)
                                         && FaceEligibility.MayBeCompared(w, t.TemplateId, model.Key))
            .Select(t => new FaceCandidate(t.WalletId.ToString(), vault.Open(t), t.ModelId)).ToList();
        var made = await faces.TemplateOfAsync(probe, others, ct);
        return (new TemplateRenewal(context.IdFor("face-template-renewal"), model.Key, model.Sha256, made.FacesSeen, made.Quality, made.LooksLikeAnother),
            made.Values);
    }

    /// <summary>
    /// The decision stored for this very request under its key, or null; never decides. For a request that may not be
    /// decided again (a redelivered bus message whose nonce is used up) but whose decision may already be committed.
    /// </summary>
    public Task<CommandResult<Payment>?> StoredAnswerAsync(FacePaymentAttempt attempt, CommandContext context, CancellationToken ct) =>
        ledger.EarlierAnswerAsync(RequestHashOf(attempt, vault.DigestOf(attempt.Probe)), context, ct);

    /// <summary>The request as sent identifies a retry: the probe by its digest, the PIN only by whether it was given.</summary>
    private static string RequestHashOf(FacePaymentAttempt attempt, string captureSha) =>
        RequestHash.Of(nameof(PayByFace), new
        {
            terminalId = attempt.TerminalId, amount = attempt.Amount,
            customer = new { attempt.Hint.PhoneLastFour, PhoneNumber = attempt.Hint.PhoneE164, attempt.Hint.WalletId },
            captureSha, pinGiven = attempt.Pin is not null, template = (attempt.Probe as DeviceTemplate)?.ModelId,
            statement = attempt.Statement is { } s ? FaceProbe.DigestOf(s) : null,
        });

    /// <summary>A random unit vector of the model's size: it stands in for a candidate and never counts as one.</summary>
    private static float[] Decoy(int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++) values[i] = RandomNumberGenerator.GetInt32(-1000, 1001) / 1000f;
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return values.Select(v => v / (norm == 0 ? 1 : norm)).ToArray();
    }
}
