using Ledger.Domain.Approvals;
using Ledger.Domain.Capture;
using Ledger.Domain.FacePay;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Application;

/// <summary>
/// Face pay: enrolment and erasure of a customer's biometrics (events plus the encrypted vault write, one commit)
/// and payment by face (the attempt's stream plus the customer's wallet, one commit). The vision work happens
/// before: these only decide on its recorded conclusion.
/// </summary>
public sealed class FacePayUseCases(CommandExecutor executor, FacePayPolicy policy, EnrolmentQuality quality, TerminalAttemptPolicy? attempts = null)
    : IFacePaymentLedger
{
    private readonly TerminalAttemptPolicy _attempts = attempts ?? TerminalAttemptPolicy.Default;

    public FacePayPolicy Policy => policy;

    public EnrolmentQuality Quality => quality;

    /// <summary>The first answer to this key, when the terminal is retrying: no need to look at the face again.</summary>
    public Task<CommandResult<Payment>?> EarlierAnswerAsync(string requestHash, CommandContext context, CancellationToken ct) =>
        executor.FindAnswerAsync<Payment>(context, requestHash, ct);

    /// <param name="requestHash">Of the terminal's request as sent (capture digest, hint, amount), never of a PIN.</param>
    public Task<CommandResult<Payment>> PayAsync(PayByFace command, string requestHash, CommandContext context, CancellationToken ct,
        Func<Wallet, ISideWrite>? keepRenewed = null)
    {
        var plan = new Prefetch().ForWriting<Terminal>(command.TerminalId);
        if (command.WalletId is { } hinted) plan.ForWriting<Wallet>(hinted);
        if (command.Capture is { } attested) plan.ForWriting<TerminalChallenge>(attested.ChallengeId);
        return executor.ExecuteAsync(context, requestHash, plan, async (session, token) =>
        {
            var wallet = command.WalletId is { } id ? await session.LoadForWritingAsync<Wallet>(id, token) : null;
            var terminal = await session.LoadForWritingAsync<Terminal>(command.TerminalId, token);
            if (command.Capture is { } capture && terminal is not null)
            {
                // The statement is good once: its challenge is used up and its counter recorded with the attempt, so of two
                // presentations of it at once one commits and the other finds it spent.
                var challenge = await session.LoadForWritingAsync<TerminalChallenge>(capture.ChallengeId, token);
                var used = TerminalChallengeDecider.Use(challenge, command.TerminalId, ChallengePurpose.Capture, command.Amount,
                    command.PaymentId.ToString(), command.Now);
                var advanced = CaptureStatementRules.Advance(capture, terminal, command.PaymentId, command.Now);
                session.Append<TerminalChallenge>(capture.ChallengeId, [used]);
                session.Append<Terminal>(terminal.Id, [advanced]);
            }
            var merchant = terminal is null ? null : await session.ReadAsync<Merchant>(terminal.MerchantId, token);
            var outcome = FacePaymentDecider.Decide(command, wallet, terminal, merchant, policy, quality);
            if (wallet is not null && keepRenewed is not null && outcome.WalletEvents.OfType<FaceTemplateRenewed>().Any())
                session.Enlist(keepRenewed(wallet));
            session.Append<Payment>(command.PaymentId, outcome.PaymentEvents.Cast<object>().ToArray());
            // Appending nothing still checks the wallet's version: the decision read its streak and limits.
            if (wallet is not null) session.Append<Wallet>(wallet.Id, outcome.WalletEvents.Cast<object>().ToArray());
            TerminalAttemptWrites.Append(session, terminal!, command.PaymentId, outcome.PaymentEvents, _attempts, command.Now);
            if (command.PhoneHintId is { } hintId && TerminalAttempts.FailedKind(outcome.PaymentEvents) == "face")
            {
                await session.LoadForWritingAsync<PhoneHintAttempts>(hintId, token);
                session.Append<PhoneHintAttempts>(hintId, [new PhoneHintFailed(hintId, terminal!.MerchantId, command.PaymentId, command.Now)]);
            }
            return outcome.PaymentEvents.Aggregate((Payment?)null, PaymentDecider.Evolve)!;
        }, PaymentUseCases.AnsweredByPayment, ct);
    }

    /// <param name="permit">The enrolment permit two operators agreed on, used up in the same commit.</param>
    /// <param name="vaultWrite">Stores the encrypted template for the wallet as it is now (phone number for the search).</param>
    public Task<CommandResult<Wallet>> EnrolAsync(EnrolFace command, UseApproval permit, Func<Wallet, ISideWrite> vaultWrite, CommandContext context,
        CancellationToken ct) =>
        executor.ExecuteAsync(context,
            RequestHash.Of(nameof(EnrolFace), new { command = command with { Now = default }, permit.ApprovalId, permit.ConsentFormSha256 }),
            new Prefetch().ForWriting<Wallet>(command.WalletId).ForWriting<Approval>(permit.ApprovalId),
            async (session, token) =>
            {
                var approval = await session.LoadForWritingAsync<Approval>(permit.ApprovalId, token);
                var used = ApprovalDecider.Decide(permit, approval, FourEyesPolicy.Default);
                var wallet = await session.LoadForWritingAsync<Wallet>(command.WalletId, token);
                var events = BiometricDecider.Decide(command, wallet, quality);
                session.Append<Approval>(permit.ApprovalId, used.Cast<object>().ToArray());
                session.Append<Wallet>(command.WalletId, events.Cast<object>().ToArray());
                session.Enlist(vaultWrite(wallet!));
                return events.Aggregate(wallet, (w, e) => WalletEvolution.Evolve(w, e))!;
            }, ct);

    /// <param name="erase">Destroys the customer's data key, template row and PIN; called only when the command is decided
    /// (never for a replayed key, which must not touch a later enrolment). Enlisted even when the events say nothing
    /// changed: a key must never outlive withdrawn consent.</param>
    public Task<CommandResult<Wallet>> WithdrawConsentAsync(WithdrawBiometricConsent command, Func<ISideWrite> erase, CommandContext context, CancellationToken ct) =>
        DecideWithVaultAsync(command, _ => erase(), context, ct);

    /// <param name="storePin">Stores the PIN's salted hash. The PIN is not part of the request fingerprint: a hash of a
    /// four-digit PIN in the idempotency record would give it away.</param>
    public Task<CommandResult<Wallet>> SetPinAsync(SetFacePayPin command, ISideWrite storePin, CommandContext context, CancellationToken ct) =>
        DecideWithVaultAsync(command, _ => storePin, context, ct);

    private Task<CommandResult<Wallet>> DecideWithVaultAsync(WalletCommand command, Func<Wallet, ISideWrite> vaultWrite, CommandContext context, CancellationToken ct) =>
        executor.ExecuteAsync(context,
            RequestHash.Of(command.GetType().Name, command with { Now = default }),
            new Prefetch().ForWriting<Wallet>(command.WalletId),
            async (session, token) =>
            {
                var wallet = await session.LoadForWritingAsync<Wallet>(command.WalletId, token);
                var events = BiometricDecider.Decide(command, wallet, quality);
                session.Append<Wallet>(command.WalletId, events.Cast<object>().ToArray());
                session.Enlist(vaultWrite(wallet!));
                return events.Aggregate(wallet, (w, e) => WalletEvolution.Evolve(w, e))!;
            }, ct);

    /// <summary>Unlock after a lock-out, or mark a template of a retired model: wallet events only.</summary>
    public Task<CommandResult<Wallet>> DecideAsync(WalletCommand command, CommandContext context, CancellationToken ct) =>
        executor.ExecuteAsync(context,
            RequestHash.Of(command.GetType().Name, command with { Now = default }),
            new Prefetch().ForWriting<Wallet>(command.WalletId),
            (session, token) => SingleStream.DecideAsync<Wallet, IWalletEvent>(session, command.WalletId,
                wallet => BiometricDecider.Decide(command, wallet, quality), WalletEvolution.Evolve, token), ct);
}
