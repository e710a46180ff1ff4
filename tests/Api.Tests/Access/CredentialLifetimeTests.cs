using Ledger.Domain.Access;
using Ledger.Infrastructure.Access;

namespace Ledger.Api.Tests.Access;

/// <summary>When a credential stops being accepted: at the instant it expires or is revoked, not a tick later.</summary>
public sealed class CredentialLifetimeTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void An_expiring_credential_is_accepted_up_to_its_expiry_and_refused_at_it() =>
        Assert.Equal([true, false, false], new[] { T - Tick, T, T + Tick }.Select(Credential(expiresAt: T).AcceptedAt));

    [Fact]
    public void A_revoked_credential_is_refused_from_the_revocation_on_even_before_it_would_expire() =>
        Assert.Equal([true, false], new[] { T - Tick, T }.Select(Credential(expiresAt: T.AddDays(1), revokedAt: T).AcceptedAt));

    [Fact]
    public void A_credential_without_an_expiry_is_accepted_until_revoked() =>
        Assert.True(Credential(expiresAt: null).AcceptedAt(T.AddYears(50)));

    private static Credential Credential(DateTimeOffset? expiresAt, DateTimeOffset? revokedAt = null) =>
        new(Guid.NewGuid(), "x", Role.Auditor, T.AddDays(-1), revokedAt, expiresAt);
}
