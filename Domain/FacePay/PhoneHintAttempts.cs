using System.Security.Cryptography;
using System.Text;

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
    public static Guid IdOf(Guid merchantId, string lastFour)
    {
        var digest = SHA256.HashData(Encoding.ASCII.GetBytes($"phone-hint:v1:{merchantId:N}:{lastFour}"));
        digest[6] = (byte)((digest[6] & 0x0f) | 0x80); // RFC 9562 version 8 (custom): never one of the random (v4) ids
        digest[8] = (byte)((digest[8] & 0x3f) | 0x80);
        return new Guid(digest.AsSpan(0, 16), bigEndian: true);
    }

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
