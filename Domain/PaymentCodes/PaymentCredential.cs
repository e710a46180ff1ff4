namespace Ledger.Domain.PaymentCodes;

public enum PaymentCredentialStatus
{
    Active,
    /// <summary>Final: its codes are refused for ever.</summary>
    Revoked,
}

/// <summary>
/// The state of a payment credential, folded from its stream. Replay is remembered by one number:
/// <see cref="LastAcceptedStep"/>. Only a later step can be accepted after it, so each step's code works at most once
/// and a code older than one already used never works again, however much of the window is left.
/// </summary>
/// <param name="LastAcceptedPayment">The payment that used <see cref="LastAcceptedStep"/>, so its retry is recognised.</param>
/// <param name="LockedUntil">
/// The end of the last lock, as the lock decided it; a lock that runs out needs no event (<see cref="IsLockedAt"/>).
/// </param>
public sealed record PaymentCredential(
    Guid Id,
    Guid WalletId,
    int Digits,
    int StepSeconds,
    PaymentCredentialStatus Status,
    long? LastAcceptedStep,
    Guid? LastAcceptedPayment,
    CodeFailures Failures,
    DateTimeOffset? LockedUntil,
    DateTimeOffset RegisteredAt)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public PaymentCredentialId Number => PaymentCredentialId.FromStreamId(Id);

    /// <summary>Locked until the instant <see cref="LockedUntil"/> itself, which is already free again.</summary>
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil > now;

    public long StepAt(DateTimeOffset now) => PaymentCodeGenerator.StepAt(now, StepSeconds);
}
