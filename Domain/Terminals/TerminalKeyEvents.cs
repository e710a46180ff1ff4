namespace Ledger.Domain.Terminals;

// Terminal credentials live outside the event stream (the secret is needed to check signatures, so it
// is stored encrypted in its own table); the stream records only which key ids exist and since when.

/// <summary>A terminal received its first signing key (at registration).</summary>
public sealed record TerminalKeyIssued(Guid TerminalId, string KeyId, DateTimeOffset IssuedAt) : ITerminalEvent;

/// <summary>A new signing key replaced the earlier ones, which stay valid until <see cref="OldKeysValidUntil"/>.</summary>
public sealed record TerminalKeyRotated(Guid TerminalId, string NewKeyId, DateTimeOffset OldKeysValidUntil, DateTimeOffset RotatedAt)
    : ITerminalEvent;
