namespace Ledger.Domain.PaymentCodes;

/// <summary>What a terminal is told about a payment code, and nothing more.</summary>
public enum PaymentCodeAnswer
{
    Accepted,
    /// <summary>
    /// Wrong, replayed, expired, unknown, locked and revoked alike: a merchant probing codes learns neither whether a
    /// credential exists nor whether it is locked.
    /// </summary>
    Declined,
    /// <summary>Ask the customer for a face or PIN; decided from the amount alone, before the code is looked at.</summary>
    StepUpRequired,
}

/// <summary>
/// The decision on one presented code, for the ledger's side: the events to append to the credential's stream,
/// the reason of a refusal and, when accepted, whose wallet pays. A terminal gets <see cref="Answer"/> only.
/// </summary>
public sealed record PaymentCodeDecision(
    IReadOnlyList<IPaymentCredentialEvent> Events, PaymentCodeRejection? Reason, Guid? WalletId)
{
    public PaymentCodeAnswer Answer => Reason switch
    {
        null => PaymentCodeAnswer.Accepted,
        PaymentCodeRejection.CodeCeilingExceeded => PaymentCodeAnswer.StepUpRequired,
        _ => PaymentCodeAnswer.Declined,
    };

    public static PaymentCodeDecision Accepted(Guid walletId, params IReadOnlyList<IPaymentCredentialEvent> events) => new(events, null, walletId);

    public static PaymentCodeDecision Rejected(PaymentCodeRejection reason, params IReadOnlyList<IPaymentCredentialEvent> events) =>
        new(events, reason, null);

    public bool Equals(PaymentCodeDecision? other) =>
        other is not null && Events.SequenceEqual(other.Events) && Reason == other.Reason && WalletId == other.WalletId;

    public override int GetHashCode() => HashCode.Combine(Events.Count, Reason, WalletId);
}
