using Ledger.Domain.Wallets;

namespace Ledger.Infrastructure.EventStore.EarlierVersions;

/// <summary>
/// <c>face_pay_enabled.v1</c> as it lies in the store, in both of the shapes written under that one name: from
/// 2026-11-25 (3f13d47) <c>{walletId, consentPolicyVersion, enabledAt}</c>, and from the enrolment with consent
/// (644bc70), added in place, the same with <c>purpose</c> when one was stated (left out when none was). Read as today's
/// <see cref="FacePayEnabled"/> (<c>face_pay_enabled.v2</c>); consent recorded without a purpose keeps none.
/// </summary>
public sealed record FacePayEnabledV1(Guid WalletId, string ConsentPolicyVersion, DateTimeOffset EnabledAt, string? Purpose = null)
{
    public FacePayEnabled Upcast() => new(WalletId, ConsentPolicyVersion, Purpose, EnabledAt);
}
