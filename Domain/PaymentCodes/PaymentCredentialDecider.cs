using Ledger.Domain.Wallets;

namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// The life of a payment credential: registered to a wallet, codes presented against it
/// (<see cref="PaymentCodeDecider"/>), locked and unlocked, revoked. A command already satisfied returns no events.
/// </summary>
public static class PaymentCredentialDecider
{
    /// <param name="wallet">The wallet a new credential is registered to (read, not changed).</param>
    public static IReadOnlyList<IPaymentCredentialEvent> Decide(
        PaymentCredentialCommand command, PaymentCredential? credential, PaymentCodePolicy policy, Wallet? wallet = null) =>
        (command, credential) switch
        {
            (RegisterPaymentCredential c, null) => Register(c, wallet, policy),
            (RegisterPaymentCredential c, _) =>
                throw new DomainRuleViolation(RuleCodes.AlreadyExists, $"Payment credential {c.Credential} already exists."),
            (PaymentCodeAttempt c, _) => PaymentCodeDecider.Decide(c, credential, policy).Events,
            (_, null) => throw new DomainRuleViolation(RuleCodes.NotFound, $"Payment credential {command.CredentialId} does not exist."),
            (RevokePaymentCredential c, _) => credential.Status == PaymentCredentialStatus.Revoked
                ? []
                : [new PaymentCredentialRevoked(c.CredentialId, c.Reason, c.Now)],
            (UnlockPaymentCredential c, _) => Unlock(c, credential),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown payment credential command."),
        };

    private static IReadOnlyList<IPaymentCredentialEvent> Register(RegisterPaymentCredential command, Wallet? wallet, PaymentCodePolicy policy)
    {
        if (wallet is null || wallet.Id != command.WalletId)
            throw new DomainRuleViolation(RuleCodes.NotFound, $"Wallet {command.WalletId} does not exist.");
        if (wallet.Status == WalletStatus.Closed)
            throw new DomainRuleViolation(RuleCodes.WalletClosed, "A closed wallet cannot get a payment credential.");
        return [new PaymentCredentialRegistered(command.CredentialId, command.WalletId, policy.Digits, policy.StepSeconds, policy.Version, command.Now)];
    }

    private static IReadOnlyList<IPaymentCredentialEvent> Unlock(UnlockPaymentCredential command, PaymentCredential credential)
    {
        if (credential.Status == PaymentCredentialStatus.Revoked)
            throw new DomainRuleViolation(RuleCodes.PaymentCredentialRevoked, "A revoked payment credential stays refused; register a new one.");
        return credential.IsLockedAt(command.Now) ? [new PaymentCredentialUnlocked(command.CredentialId, command.Now)] : [];
    }

    public static PaymentCredential? Evolve(PaymentCredential? credential, object @event) => (credential, @event) switch
    {
        (null, PaymentCredentialRegistered e) => new PaymentCredential(e.CredentialId, e.WalletId, e.Digits, e.StepSeconds,
            PaymentCredentialStatus.Active, null, null, CodeFailures.None, null, e.RegisteredAt),
        (null, _) => null,
        (_, PaymentCodeAccepted e) => credential with
        {
            LastAcceptedStep = e.Step, LastAcceptedPayment = e.PaymentId, Failures = CodeFailures.None, LockedUntil = null,
        },
        (_, PaymentCodeRejected { Counted: true } e) => credential with { Failures = credential.Failures.After(e.RejectedAt) },
        (_, PaymentCredentialLocked e) => credential with { LockedUntil = e.LockedUntil, Failures = CodeFailures.None },
        (_, PaymentCredentialUnlocked) => credential with { LockedUntil = null, Failures = CodeFailures.None },
        (_, PaymentCredentialRevoked) => credential with { Status = PaymentCredentialStatus.Revoked },
        _ => credential,
    };
}
