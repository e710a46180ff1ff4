namespace Ledger.Domain.Access;

// Bearer credentials live outside the event stream (only a hash of each token, in its own table);
// the stream records who was given which role, by whom (the event's actor) and when it ended.

public interface ICredentialEvent
{
    Guid CredentialId { get; }
}

/// <summary>
/// A person or system received a bearer credential with <paramref name="Role"/>, accepted until
/// <paramref name="ExpiresAt"/> (never refused for age when null; events recorded before expiry existed have none).
/// </summary>
public sealed record CredentialIssued(Guid CredentialId, string Name, Role Role, DateTimeOffset IssuedAt, DateTimeOffset? ExpiresAt = null) : ICredentialEvent;

/// <summary>The credential is no longer accepted from <paramref name="RevokedAt"/> on.</summary>
public sealed record CredentialRevoked(Guid CredentialId, DateTimeOffset RevokedAt) : ICredentialEvent;
