using System.Diagnostics;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Biometrics;
using Ledger.Vision.Embedding;
using Ledger.Vision.Imaging;
using Ledger.Vision.Matching;
using Ledger.Vision.Verification;

namespace Ledger.Api.FacePay;

/// <summary>The answer to a verify-and-pay request and where its time went: the face work, and the rest of the flow (vault lookup, PIN, ledger commit).</summary>
public sealed record FacePaymentAnswer(CommandResult<Payment> Result, double VisionMs, double LedgerMs);

/// <summary>
/// Verify-and-pay: narrow the candidates by the shopper's hint, run the capture through the vision plugin (or
/// take the terminal's own template), conclude match / no match / ambiguous / no face / multiple faces, check the
/// PIN when the policy asks for one, then let the ledger decide and record it all in one commit.
/// </summary>
public sealed class FacePaymentFlow(FaceVerifier verifier, BiometricVault vault, FacePayUseCases useCases, Marten.IDocumentStore store, FacePayEdge edge)
{
    public async Task<FacePaymentAnswer> PayAsync(FacePaymentRequest request, byte[]? image, Guid terminalId, CommandContext context, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var amount = MoneyText.Parse(request.Amount!, request.Currency!);
        var policy = useCases.Policy;
        // Known before any face work: the terminal must ask for the PIN first.
        if (policy.RequiresPin(amount) && request.Pin is null)
            throw new DomainRuleViolation("pin_required",
                $"Face payments above {MoneyText.Format(Money.FromDecimal(policy.PinAbove, amount.Currency))} {amount.Currency} need the customer's PIN.");

        // Until devices are attested (issue 12), a template proves nothing about a live face: refused unless configured.
        if (request.Template is not null && !edge.AcceptOnDeviceTemplates)
            throw new DomainRuleViolation("on_device_template_not_accepted",
                "This service takes the capture (image), not an on-device template: a template counts only from an attested device, which this service cannot check yet.");
        var model = verifier.RecognitionModel;
        if (request.Template is { } onDevice && onDevice.ModelId != model.Key)
            throw new DomainRuleViolation("model_mismatch",
                $"The on-device template was made by '{onDevice.ModelId}'; enrolled templates are from '{model.Key}'. Templates of different models are never compared.");

        var captureSha = image is not null ? FaceCaptures.Sha256(image) : FaceCaptures.Sha256(request.Template!.Values!);
        // The request as sent identifies a retry: the capture by its digest, the PIN only by whether it was given.
        var requestHash = RequestHash.Of(nameof(PayByFace), new
        {
            terminalId, amount, request.Customer, captureSha, pinGiven = request.Pin is not null, template = request.Template?.ModelId,
        });
        if (await useCases.EarlierAnswerAsync(requestHash, context, ct) is { } earlier)
            return new FacePaymentAnswer(earlier, 0, clock.Elapsed.TotalMilliseconds);

        var (hintId, hintThrottled) = request.Customer!.PhoneLastFour is { } lastFour
            ? await PhoneHintAsync(terminalId, lastFour, context.Now, ct)
            : (null, false);
        if (hintId is { } throttledHint && hintThrottled)
        {
            // Nothing is compared: the suffix failed too often here lately, so it no longer narrows a search.
            var throttled = new FaceEvidence(FaceOutcome.HintThrottled, null, null, verifier.Matcher.Threshold, verifier.Matcher.Margin, null, null, null,
                model.Key, model.Sha256, "-", CustomerHintKind.PhoneLastFour, 0, null, captureSha);
            var refused = await useCases.PayAsync(new PayByFace(context.IdFor("face-payment"), null, terminalId, amount, throttled, PinCheck.NotRequired,
                context.Now, throttledHint), requestHash, context, ct);
            return new FacePaymentAnswer(refused, 0, clock.Elapsed.TotalMilliseconds);
        }

        var (hint, found) = await CandidatesAsync(request.Customer!, ct);
        var wallets = await WalletsAsync(found, ct);
        // Eligibility before decryption: a locked, frozen, closed, non-consenting, erased or outdated customer is never compared.
        var comparable = found.Where(t => !t.IsErased && wallets.TryGetValue(t.WalletId, out var w)
                                          && FaceEligibility.MayBeCompared(w, t.TemplateId, model.Key)).ToList();
        var named = request.Customer!.WalletId ?? (found.Count == 1 ? found[0].WalletId : null);

        // With nobody to compare, the capture is compared with a decoy all the same: the work, and so the answer's
        // timing, does not tell whether anybody eligible has the digits the shopper typed.
        var candidates = comparable.Count > 0
            ? comparable.Select(t => new Candidate(t.WalletId.ToString(), new FaceTemplate(vault.Open(t), t.ModelId))).ToList()
            : [new Candidate(DecoyId, DecoyTemplate(model.Key))];
        // Vision time is the face work alone; the vault lookup before it counts as ledger time.
        var visionStart = clock.Elapsed.TotalMilliseconds;
        VerificationResult result;
        var tooClose = false;
        if (image is not null)
        {
            FaceAnalysis analysis;
            try { analysis = await verifier.AnalyzeAsync(image, cancellationToken: ct); }
            catch (ImageRejectedException e) { throw FaceCaptures.Refused(e); }
            result = verifier.Identify(analysis, candidates);
            if (analysis.ChosenIndex >= 0)
            {
                var chosen = analysis.Detections[analysis.ChosenIndex];
                tooClose = policy.AnotherFaceTooClose(chosen.Width,
                    analysis.Detections.Where((_, i) => i != analysis.ChosenIndex).Select(b => b.Width));
            }
        }
        else
        {
            result = verifier.Identify(new FaceTemplate(request.Template!.Values!, request.Template.ModelId!), candidates);
        }
        if (comparable.Count == 0) result = AgainstNobody(result);
        var visionMs = clock.Elapsed.TotalMilliseconds - visionStart;

        var outcome = Outcome(result, tooClose, found, comparable, hint);
        var matchedWallet = outcome == FaceOutcome.Match ? Guid.Parse(result.CandidateId!) : (Guid?)null;
        var nearest = result.CandidateId is { } id ? comparable.First(t => t.WalletId.ToString() == id).TemplateId
            : named is { } n ? found.FirstOrDefault(t => t.WalletId == n)?.TemplateId : null;
        var evidence = FaceEvidenceMapping.Evidence(result, outcome, hint, comparable.Count, nearest, captureSha);

        var pin = policy.RequiresPin(amount) && matchedWallet is { } payer ? await vault.CheckPinAsync(payer, request.Pin, ct) : PinCheck.NotRequired;
        var command = new PayByFace(context.IdFor("face-payment"), matchedWallet ?? named, terminalId, amount, evidence, pin, context.Now, hintId);
        var paid = await useCases.PayAsync(command, requestHash, context, ct);
        return new FacePaymentAnswer(paid, visionMs, clock.Elapsed.TotalMilliseconds - visionMs);
    }

    private async Task<Dictionary<Guid, Wallet>> WalletsAsync(IReadOnlyList<VaultTemplate> found, CancellationToken ct)
    {
        if (found.Count == 0) return [];
        await using var reads = store.QuerySession();
        return (await reads.LoadManyAsync<Wallet>(ct, found.Select(t => t.WalletId).ToArray())).ToDictionary(w => w.Id);
    }

    /// <summary>The stream of the typed suffix at the terminal's merchant, and whether it failed too often there lately.</summary>
    private async Task<(Guid? Id, bool Throttled)> PhoneHintAsync(Guid terminalId, string lastFour, DateTimeOffset now, CancellationToken ct)
    {
        await using var reads = store.QuerySession();
        if (await reads.LoadAsync<Domain.Terminals.Terminal>(terminalId, ct) is not { } terminal) return (null, false);
        var id = PhoneHintAttempts.IdOf(terminal.MerchantId, lastFour);
        return (id, PhoneHintAttempts.Throttled(await reads.LoadAsync<PhoneHintAttempts>(id, ct), useCases.Policy, now));
    }

    private const string DecoyId = "decoy";

    /// <summary>A random unit vector of the model's size: it stands in for a candidate and never counts as one.</summary>
    private static FaceTemplate DecoyTemplate(string modelId)
    {
        var values = new float[FaceTemplate.Length];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(System.Security.Cryptography.RandomNumberGenerator.GetInt32(-1000, 1001) / 1000.0);
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return new FaceTemplate(values.Select(v => v / (norm == 0 ? 1 : norm)).ToArray(), modelId);
    }

    // What was measured against the decoy is nobody's evidence: keep whether a face was seen, drop the rest.
    private static VerificationResult AgainstNobody(VerificationResult result) =>
        result.Decision == VerificationDecision.NoFace ? result
            : result with { Decision = VerificationDecision.NoMatch, CandidateId = null, Distance = null, Score = null, RunnerUpDistance = null };

    private static FaceOutcome Outcome(VerificationResult result, bool tooClose, IReadOnlyList<VaultTemplate> found,
        IReadOnlyList<VaultTemplate> comparable, CustomerHintKind hint)
    {
        if (result.Decision == VerificationDecision.NoFace) return FaceOutcome.NoFace;
        if (tooClose) return FaceOutcome.MultipleFaces;
        // The auditor gets the real reason (the decider names it from the wallet's state); the terminal hears
        // face_not_verified whichever it is (TerminalReason), so none of these tells it anything.
        if (comparable.Count == 0)
            return found.Any(t => !t.IsErased) ? FaceOutcome.NotEligible
                : hint == CustomerHintKind.PhoneLastFour ? FaceOutcome.NoMatch : FaceOutcome.NotEnrolled;
        return result.Decision switch
        {
            VerificationDecision.Match => FaceOutcome.Match,
            VerificationDecision.Ambiguous => FaceOutcome.Ambiguous,
            _ => FaceOutcome.NoMatch,
        };
    }

    private async Task<(CustomerHintKind Kind, IReadOnlyList<VaultTemplate> Found)> CandidatesAsync(CustomerHintRequest hint, CancellationToken ct) =>
        hint switch
        {
            { WalletId: { } wallet } => (CustomerHintKind.Wallet, await vault.FindByWalletAsync(wallet, ct)),
            { PhoneNumber: { } phone } => (CustomerHintKind.PhoneNumber, await vault.FindByPhoneAsync(PhoneNumber.Parse(phone).E164, ct)),
            _ => (CustomerHintKind.PhoneLastFour, await vault.FindByPhoneLastFourAsync(hint.PhoneLastFour!, ct)),
        };
}
