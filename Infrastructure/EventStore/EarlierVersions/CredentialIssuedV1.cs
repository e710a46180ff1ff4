using Ledger.Domain.Access;

namespace Ledger.Infrastructure.EventStore.EarlierVersions;

/// <summary>
/// <c>credential_issued.v1</c> as it lies in the store, in both of the shapes written under that one name: from
/// 2026-11-25 (21343b0) <c>{credentialId, name, role, issuedAt}</c>, and from 2026-11-26 (a431b53), when expiry was added
/// in place, the same with <c>expiresAt</c> (null for a credential without an end). Read as today's
/// <see cref="CredentialIssued"/> (<c>credential_issued.v2</c>); an event without <c>expiresAt</c> never expires, as it
/// never did.
/// </summary>
public sealed record CredentialIssuedV1(Guid CredentialId, string Name, Role Role, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt = null)
{
    public CredentialIssued Upcast() => new(CredentialId, Name, Role, IssuedAt, ExpiresAt);
}
