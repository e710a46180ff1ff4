using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Tests.FacePay.Handler;

/// <summary>
/// The face-pay handler's ports in memory: a vault of sealed templates that counts what it opens, a comparison that
/// answers what the test scripted and remembers what it was asked, reads and a ledger over <see cref="FaceLedger"/>
/// (the production deciders), so a test sees which command the handler decided to send and what it led to.
/// </summary>
public sealed class FacePayPorts : IFaceComparison, IFaceVault, IFacePayReads, IFacePaymentLedger, ICaptureStatementVerifier
{
    public const string ModelKey = FaceTestData.ModelId;

    private readonly List<SealedFaceTemplate> _templates = [];
    private readonly Dictionary<Guid, string> _pins = [];
    private readonly Dictionary<string, CommandResult<Payment>> _answers = [];

    public FacePayPorts(params object[] history)
    {
        Ledger = new FaceLedger(Policy, FaceTestData.Gates);
        foreach (var @event in Support.History.Flatten(history)) Ledger.Apply(@event);
    }

    public FaceLedger Ledger { get; }

    public Dictionary<Guid, PhoneHintAttempts> Hints { get; } = [];

    /// <summary>What the comparison answers: by default the nearest candidate (the first) matches.</summary>
    public Func<IReadOnlyList<FaceCandidate>, FaceMeasurement> Measure { get; set; } = c => Measured(FaceComparison.Match, c[0].Id);

    public List<IReadOnlyList<FaceCandidate>> Comparisons { get; } = [];

    public List<Guid> Opened { get; } = [];

    public List<Guid> PinsChecked { get; } = [];

    public List<PayByFace> Commands { get; } = [];

    public FaceModel Model { get; set; } = ModelOf(ModelKey);

    public static FaceModel ModelOf(string key) =>
        new(key, FaceTestData.ModelSha256, 4, 0.6f, 0.08f, new FaceOperatingPoint(key, "euclidean", 0.6f, 0.08f, FaceOperatingPoint.Configured));

    public IReadOnlyList<FaceModel> RenewFrom { get; set; } = [];

    /// <summary>What the model in service makes of the capture for a renewal: by default a template that passes every gate.</summary>
    public Func<IReadOnlyList<FaceCandidate>, ProbeTemplate> Renewed { get; set; } = _ => new ProbeTemplate([0.1f, 0.2f, 0.3f, 0.4f], 1, FaceTestData.GoodQuality, false);

    /// <summary>The candidates each renewal's new template was compared with.</summary>
    public List<IReadOnlyList<FaceCandidate>> RenewalComparisons { get; } = [];

    /// <summary>Templates sealed by renewals that were committed: (wallet, template, model).</summary>
    public List<(Guid WalletId, Guid TemplateId, string ModelId)> Kept { get; } = [];

    public Task<ProbeTemplate> TemplateOfAsync(FaceProbe probe, IReadOnlyList<FaceCandidate> others, CancellationToken ct)
    {
        RenewalComparisons.Add(others);
        return Task.FromResult(Renewed(others));
    }

    public ISideWrite KeepRenewed(Guid walletId, string phoneE164, Guid templateId, string modelId, string modelSha256, float[] values, DateTimeOffset now) =>
        new KeptTemplate(walletId, templateId, modelId);

    private sealed record KeptTemplate(Guid WalletId, Guid TemplateId, string ModelId) : ISideWrite;

    public FacePayPolicy Policy => FaceTestData.Policy;

    public void Enrol(Guid walletId, Guid templateId, bool erased = false, string modelId = ModelKey) =>
        _templates.Add(new SealedFaceTemplate(walletId, templateId, modelId, [1, 2, 3], erased ? null : [9]));

    public void SetPin(Guid walletId, string pin) => _pins[walletId] = pin;

    public static FaceMeasurement Measured(FaceComparison comparison, string? candidate, float? chosenWidth = 180f, params float[] others) =>
        new(comparison, candidate, comparison == FaceComparison.NoFace ? null : 0.3f, 0.8f, 0.6f, 0.08f, null, 1 + others.Length,
            FaceTestData.GoodQuality, ModelKey, FaceTestData.ModelSha256, "ssd-v1", chosenWidth, others);

    /// <summary>As the vision plugin: one comparison runs under one model, its candidates' (the measurement names it).</summary>
    public Task<FaceMeasurement> MeasureAsync(FaceProbe probe, IReadOnlyList<FaceCandidate> candidates, CancellationToken ct)
    {
        Comparisons.Add(candidates);
        var under = Assert.Single(candidates.Select(c => c.ModelId).Distinct());
        var measured = Measure(candidates);
        return Task.FromResult(measured with { ModelId = under, OperatingPoint = ModelOf(under).OperatingPoint });
    }

    public Task<IReadOnlyList<SealedFaceTemplate>> FindAsync(CustomerHint hint, CancellationToken ct)
    {
        IReadOnlyList<SealedFaceTemplate> found = hint.Kind switch
        {
            CustomerHintKind.Wallet => _templates.Where(t => t.WalletId == hint.WalletId).ToList(),
            CustomerHintKind.PhoneNumber => _templates.Where(t => Ledger.Streams.Wallet(t.WalletId)?.PhoneNumber == hint.PhoneE164).ToList(),
            _ => _templates.Where(t => Ledger.Streams.Wallet(t.WalletId)?.PhoneNumber.EndsWith(hint.PhoneLastFour!) == true).ToList(),
        };
        return Task.FromResult(found);
    }

    public float[] Open(SealedFaceTemplate template)
    {
        if (template.IsErased) throw new InvalidOperationException("erased");
        Opened.Add(template.WalletId);
        return [0.5f, 0.5f, 0.5f, 0.5f];
    }

    public Task<PinCheck> CheckPinAsync(Guid walletId, string? pin, CancellationToken ct)
    {
        PinsChecked.Add(walletId);
        return Task.FromResult(pin is null || !_pins.TryGetValue(walletId, out var set) ? PinCheck.Missing
            : set == pin ? PinCheck.Correct : PinCheck.Incorrect);
    }

    /// <summary>Stands in for the deployment's keyed digest: visibly not the plain SHA-256.</summary>
    public string DigestOf(FaceProbe probe) => "keyed:" + probe.Sha256[..16];

    public Task<IReadOnlyDictionary<Guid, Wallet>> WalletsAsync(IReadOnlyCollection<Guid> walletIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyDictionary<Guid, Wallet>>(walletIds.Select(Ledger.Streams.Wallet).OfType<Wallet>().ToDictionary(w => w.Id));

    public Task<Domain.Terminals.Terminal?> TerminalAsync(Guid terminalId, CancellationToken ct) => Task.FromResult(Ledger.Streams.Terminal(terminalId));

    public Dictionary<Guid, Domain.Capture.TerminalChallenge> Challenges { get; } = [];

    public Task<Domain.Capture.TerminalChallenge?> ChallengeAsync(Guid challengeId, CancellationToken ct) =>
        Task.FromResult(Challenges.GetValueOrDefault(challengeId));

    /// <summary>What a statement's check answers: by default it was not signed by anybody the terminal knows.</summary>
    public Func<byte[], Domain.Capture.VerifiedCapture> Statements { get; set; } =
        _ => throw new DomainRuleViolation(Domain.Capture.CaptureRuleCodes.StatementSignatureInvalid, "no device key in this test");

    public Task<Domain.Capture.VerifiedCapture> VerifyAsync(byte[] statement, Guid terminalId, CancellationToken ct) => Task.FromResult(Statements(statement));

    public Task<PhoneHintAttempts?> PhoneHintAsync(Guid hintId, CancellationToken ct) => Task.FromResult(Hints.GetValueOrDefault(hintId));

    public Task<CommandResult<Payment>?> EarlierAnswerAsync(string requestHash, CommandContext context, CancellationToken ct) =>
        Task.FromResult(_answers.GetValueOrDefault($"{context.IdempotencyKey}/{requestHash}"));

    public Task<CommandResult<Payment>> PayAsync(PayByFace command, string requestHash, CommandContext context, CancellationToken ct,
        Func<Wallet, ISideWrite>? keepRenewed = null)
    {
        Commands.Add(command);
        var events = Ledger.Execute(command);
        // As FacePayUseCases: the renewed template is sealed only in a commit whose decision renewed it.
        if (keepRenewed is not null && events.OfType<FaceTemplateRenewed>().Any()
            && keepRenewed(Ledger.Streams.Wallet(command.WalletId!.Value)!) is KeptTemplate kept)
            Kept.Add((kept.WalletId, kept.TemplateId, kept.ModelId));
        var result = new CommandResult<Payment>(Ledger.Streams.Payment(command.PaymentId)!, false);
        _answers[$"{context.IdempotencyKey}/{requestHash}"] = result with { Replayed = true };
        return Task.FromResult(result);
    }
}
