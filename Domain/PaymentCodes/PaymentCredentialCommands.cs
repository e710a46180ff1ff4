namespace Ledger.Domain.PaymentCodes;

/// <summary>The closed family of commands on one payment credential's stream.</summary>
public abstract record PaymentCredentialCommand(Guid CredentialId, DateTimeOffset Now);

/// <summary>
/// A customer's device received a credential for the wallet. The key was generated and sealed by the caller;
/// the domain never sees it.
/// </summary>
public sealed record RegisterPaymentCredential(PaymentCredentialId Credential, Guid WalletId, DateTimeOffset Now)
    : PaymentCredentialCommand(Credential.StreamId, Now);

/// <summary>An operator ends the credential for good (lost or replaced device, the customer's wish).</summary>
public sealed record RevokePaymentCredential(Guid CredentialId, string Reason, DateTimeOffset Now) : PaymentCredentialCommand(CredentialId, Now);

/// <summary>An operator lifts a lock before it runs out.</summary>
public sealed record UnlockPaymentCredential(Guid CredentialId, DateTimeOffset Now) : PaymentCredentialCommand(CredentialId, Now);

/// <summary>
/// A till presented a code for a payment. <paramref name="StepUpPassed"/>: a face or PIN check done by the caller for
/// this payment passed (the PIN or face itself never comes here).
/// </summary>
public abstract record PaymentCodeAttempt(
    Guid CredentialId, Guid PaymentId, Guid TerminalId, Money Amount, bool StepUpPassed, DateTimeOffset Now)
    : PaymentCredentialCommand(CredentialId, Now);

/// <summary>The code is the credential's code of <paramref name="Step"/> (<see cref="PaymentCodeVerifier"/> found it).</summary>
public sealed record RecordCodeUse(
    Guid CredentialId, long Step, Guid PaymentId, Guid TerminalId, Money Amount, bool StepUpPassed, DateTimeOffset Now)
    : PaymentCodeAttempt(CredentialId, PaymentId, TerminalId, Amount, StepUpPassed, Now);

/// <summary>The code matched none of the steps the verifier looked at, or its credential is unknown.</summary>
public sealed record RecordCodeFailure(
    Guid CredentialId, Guid PaymentId, Guid TerminalId, Money Amount, bool StepUpPassed, DateTimeOffset Now)
    : PaymentCodeAttempt(CredentialId, PaymentId, TerminalId, Amount, StepUpPassed, Now);
