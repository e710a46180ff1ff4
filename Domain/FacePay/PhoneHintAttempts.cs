namespace Ledger.Domain.FacePay;

public interface IPhoneHintEvent
{
    Guid HintId { get; }
}

/// <summary>
/// A face attempt that named the last four digits <c>(merchant, digits)</c> stands for verified nobody. The event
/// holds neither digits nor customer: the stream id stands for them.
/// </summary>
public sealed record PhoneHintFailed(Guid HintId, Guid MerchantId, Guid PaymentId, DateTimeOffset FailedAt) : IPhoneHintEvent;

/// <summary>
/// Failed face attempts under one phone suffix at one merchant. Past <see cref="FacePayPolicy.HintLockAfterFailures"/>
/// within <see cref="FacePayPolicy.HintWindow"/>, those four digits no longer narrow a search there: the shopper must
/// give the whole number, so merchants' tills together cannot sweep one suffix's customers with photos.
/// </summary>
public sealed record PhoneHintAttempts(Guid Id, FailureStreak Failures)
{
    /// <summary>The stream of a merchant's suffix: derived, so that no lookup (and no table of digits) is needed.</summary>
    public static Guid IdOf(Guid merchantId, string lastFour) => DerivedId.Of($"phone-hint:v1:{merchantId:N}:{lastFour}");

    public static bool Throttled(PhoneHintAttempts? attempts, FacePayPolicy policy, DateTimeOffset now) =>
        attempts is not null && attempts.Failures.CountWithin(policy.HintWindow, now) >= policy.HintLockAfterFailures;

    public static PhoneHintAttempts? Evolve(PhoneHintAttempts? attempts, object @event) => @event switch
    {
        PhoneHintFailed e => new PhoneHintAttempts(e.HintId, (attempts?.Failures ?? FailureStreak.None).AfterKeepingLast(e.FailedAt)),
        _ => attempts,
    };

    public bool Equals(PhoneHintAttempts? other) => other is not null && Id == other.Id && Failures.Equals(other.Failures);

    public override int GetHashCode() => Id.GetHashCode();
}
