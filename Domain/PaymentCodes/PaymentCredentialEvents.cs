namespace Ledger.Domain.PaymentCodes;

// One stream per payment credential, keyed by PaymentCredentialId.StreamId. The key that computes the codes is
// sealed outside the events (the device and the key vault hold it); the stream records which credential belongs
// to which wallet, every attempt with its code, and the locks.

public interface IPaymentCredentialEvent
{
    Guid CredentialId { get; }
}

/// <summary>A customer's device was given a payment credential for the wallet, computing codes of the given shape.</summary>
public sealed record PaymentCredentialRegistered(
    Guid CredentialId, Guid WalletId, int Digits, int StepSeconds, string PolicyVersion, DateTimeOffset RegisteredAt)
    : IPaymentCredentialEvent;

/// <summary>
/// The code of <paramref name="Step"/> identified the customer for this payment; that step (and every earlier one)
/// can never be used again. Ends a streak of failures.
/// </summary>
public sealed record PaymentCodeAccepted(
    Guid CredentialId, Guid WalletId, Guid PaymentId, Guid TerminalId, long Step, Money Amount, string PolicyVersion,
    DateTimeOffset AcceptedAt) : IPaymentCredentialEvent;

/// <summary>
/// A code was presented and refused. <paramref name="Step"/> is the step the code belonged to, when it belonged to one
/// (replayed, outside the window). <paramref name="Counted"/> says whether it brought a lock closer, as decided then.
/// </summary>
public sealed record PaymentCodeRejected(
    Guid CredentialId, Guid PaymentId, Guid TerminalId, PaymentCodeRejection Reason, long? Step, bool Counted,
    string PolicyVersion, DateTimeOffset RejectedAt) : IPaymentCredentialEvent;

/// <summary>Too many failures in the window: no code is accepted before <paramref name="LockedUntil"/> unless an operator unlocks.</summary>
public sealed record PaymentCredentialLocked(
    Guid CredentialId, int Failures, TimeSpan Window, DateTimeOffset LockedUntil, string PolicyVersion, DateTimeOffset LockedAt)
    : IPaymentCredentialEvent;

/// <summary>An operator lifted a lock before it ran out (one that runs out needs no event: its end is in the lock).</summary>
public sealed record PaymentCredentialUnlocked(Guid CredentialId, DateTimeOffset UnlockedAt) : IPaymentCredentialEvent;

/// <summary>Final: the device was lost, replaced or the customer left; its codes are refused from now on.</summary>
public sealed record PaymentCredentialRevoked(Guid CredentialId, string Reason, DateTimeOffset RevokedAt) : IPaymentCredentialEvent;
