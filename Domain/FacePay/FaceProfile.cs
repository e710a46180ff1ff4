namespace Ledger.Domain.FacePay;

/// <summary>The enrolled template a wallet refers to; the template itself lives encrypted outside the events.</summary>
public sealed record FaceTemplateRef(Guid TemplateId, string ModelId, string ModelSha256, DateTimeOffset EnrolledAt, bool Outdated);

/// <summary>
/// A wallet's face-pay biometrics: its current template (if any), whether its biometric data was erased, the
/// streak of failed verifications, whether face pay is locked until an operator unlocks it, and the merchants the
/// customer has paid before (a regular there may give only the last digits of the phone number), the purpose the
/// customer consented to, and the wrong PINs given since the last right one.
/// </summary>
public sealed record FaceProfile(
    FaceTemplateRef? Template, bool Erased, FailureStreak Failures, DateTimeOffset? LockedAt, IReadOnlyList<Guid> KnownMerchants,
    string? ConsentPurpose = null, int PinRejections = 0)
{
    public static readonly FaceProfile None = new(null, false, FailureStreak.None, null, []);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsLocked => LockedAt is not null;

    public bool IsRegularAt(Guid merchantId) => KnownMerchants.Contains(merchantId);

    public FaceProfile PaidAt(Guid merchantId) => IsRegularAt(merchantId) ? this : this with { KnownMerchants = [.. KnownMerchants, merchantId] };

    public bool Equals(FaceProfile? other) =>
        other is not null && Template == other.Template && Erased == other.Erased && Failures.Equals(other.Failures)
        && LockedAt == other.LockedAt && KnownMerchants.SequenceEqual(other.KnownMerchants)
        && ConsentPurpose == other.ConsentPurpose && PinRejections == other.PinRejections;

    public override int GetHashCode() => HashCode.Combine(Template, Erased, LockedAt, KnownMerchants.Count);
}
