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
public sealed class FacePaymentFlow(FaceVerifier verifier, BiometricVault vault, FacePayUseCases useCases)
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

        var (hint, found) = await CandidatesAsync(request.Customer!, ct);
        var comparable = found.Where(t => !t.IsErased && t.ModelId == model.Key).ToList();
        var named = request.Customer!.WalletId ?? (found.Count == 1 ? found[0].WalletId : null);

        var candidates = comparable.Select(t => new Candidate(t.WalletId.ToString(), new FaceTemplate(t.Values!, t.ModelId))).ToList();
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
        var visionMs = clock.Elapsed.TotalMilliseconds - visionStart;

        var outcome = Outcome(result, tooClose, found, comparable, hint);
        var matchedWallet = outcome == FaceOutcome.Match ? Guid.Parse(result.CandidateId!) : (Guid?)null;
        var nearest = result.CandidateId is { } id ? comparable.First(t => t.WalletId.ToString() == id).TemplateId
            : named is { } n ? found.FirstOrDefault(t => t.WalletId == n)?.TemplateId : null;
        var evidence = FaceEvidenceMapping.Evidence(result, outcome, hint, comparable.Count, nearest, captureSha);

        var pin = policy.RequiresPin(amount) && matchedWallet is { } payer ? await vault.CheckPinAsync(payer, request.Pin, ct) : PinCheck.NotRequired;
        var command = new PayByFace(context.IdFor("face-payment"), matchedWallet ?? named, terminalId, amount, evidence, pin, context.Now);
        var paid = await useCases.PayAsync(command, requestHash, context, ct);
        return new FacePaymentAnswer(paid, visionMs, clock.Elapsed.TotalMilliseconds - visionMs);
    }

    private static FaceOutcome Outcome(VerificationResult result, bool tooClose, IReadOnlyList<VaultTemplate> found,
        IReadOnlyList<VaultTemplate> comparable, CustomerHintKind hint)
    {
        if (result.Decision == VerificationDecision.NoFace) return FaceOutcome.NoFace;
        if (tooClose) return FaceOutcome.MultipleFaces;
        // A customer named outright (whole number, loyalty card) deserves the real reason; a four-digit hint does
        // not reveal whether anybody with those digits is enrolled.
        if (comparable.Count == 0 && hint != CustomerHintKind.PhoneLastFour)
            return found.Any(t => !t.IsErased) ? FaceOutcome.ModelMismatch : FaceOutcome.NotEnrolled;
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
