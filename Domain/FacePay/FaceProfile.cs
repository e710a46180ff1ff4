namespace Ledger.Domain.FacePay;

/// <summary>The enrolled template a wallet refers to; the template itself lives encrypted outside the events.</summary>
public sealed record FaceTemplateRef(Guid TemplateId, string ModelId, string ModelSha256, DateTimeOffset EnrolledAt, bool Outdated);

/// <summary>
/// A wallet's face-pay biometrics: its current template (if any), whether its biometric data was erased, the
/// streak of failed verifications, whether face pay is locked until an operator unlocks it, and the merchants the
/// customer has paid at most recently (a regular there may give only the last digits of the phone number), the purpose the
/// customer consented to, and the wrong PINs given since the last right one. After a model upgrade a template renewed
/// for the new model becomes <see cref="Template"/> and the old model's stays in <see cref="OtherModels"/>: one template
/// per model, never two of one model, and never compared across models.
/// </summary>
public sealed record FaceProfile(
    FaceTemplateRef? Template, bool Erased, FailureStreak Failures, DateTimeOffset? LockedAt, IReadOnlyList<Guid> KnownMerchants,
    string? ConsentPurpose = null, int PinRejections = 0, IReadOnlyList<FaceTemplateRef>? OtherModels = null)
{
    public static readonly FaceProfile None = new(null, false, FailureStreak.None, null, []);

    /// <summary>Every template the customer has, the newest first; at most one per model.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<FaceTemplateRef> Templates => Template is null ? [] : [Template, .. OtherModels ?? []];

    /// <summary>The template of <paramref name="modelId"/> that may still be compared (not outdated), if any.</summary>
    public FaceTemplateRef? CurrentTemplateOf(string modelId) => Templates.FirstOrDefault(t => t.ModelId == modelId && !t.Outdated);

    public FaceTemplateRef? TemplateById(Guid templateId) => Templates.FirstOrDefault(t => t.TemplateId == templateId);

    /// <summary>A new template of its model: it becomes the current one, any other model's stays beside it, the same model's is replaced.</summary>
    public FaceProfile WithRenewed(FaceTemplateRef renewed) =>
        this with { Template = renewed, OtherModels = [.. Templates.Where(t => t.ModelId != renewed.ModelId)] };

    public FaceProfile WithOutdated(Guid templateId) =>
        this with
        {
            Template = Template is { } t && t.TemplateId == templateId ? t with { Outdated = true } : Template,
            OtherModels = OtherModels?.Select(t => t.TemplateId == templateId ? t with { Outdated = true } : t).ToList(),
        };

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsLocked => LockedAt is not null;

    /// <summary>
    /// How many merchants a customer is a regular at: those paid at most recently (face-pay-v4). Every payment rewrites the
    /// wallet's snapshot, so a list that grew with the customer's history would make each payment dearer than the last;
    /// a shop not visited among the last this many asks for the whole phone number again, which is the stricter side.
    /// </summary>
    public const int MerchantsRemembered = 32;

    public bool IsRegularAt(Guid merchantId) => KnownMerchants.Contains(merchantId);

    /// <summary>The merchant becomes, or stays, the most recent of <see cref="KnownMerchants"/> (oldest first); the oldest beyond the bound is forgotten.</summary>
    public FaceProfile PaidAt(Guid merchantId) =>
        KnownMerchants.Count > 0 && KnownMerchants[^1] == merchantId && KnownMerchants.Count <= MerchantsRemembered
            ? this
            : this with { KnownMerchants = [.. KnownMerchants.Where(m => m != merchantId).TakeLast(MerchantsRemembered - 1), merchantId] };

    public bool Equals(FaceProfile? other) =>
        other is not null && Template == other.Template && Erased == other.Erased && Failures.Equals(other.Failures)
        && LockedAt == other.LockedAt && KnownMerchants.SequenceEqual(other.KnownMerchants)
        && ConsentPurpose == other.ConsentPurpose && PinRejections == other.PinRejections
        && (OtherModels ?? []).SequenceEqual(other.OtherModels ?? []);

    public override int GetHashCode() => HashCode.Combine(Template, Erased, LockedAt, KnownMerchants.Count);
}
