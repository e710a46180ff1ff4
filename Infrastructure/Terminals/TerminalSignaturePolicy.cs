namespace Ledger.Infrastructure.Terminals;

/// <summary>
/// Which signature versions are accepted. v1 signs neither the idempotency key, nor the content type, nor the host, so
/// a relay could replay a body under another key or content type; it is accepted until a date, for terminals in the
/// field to move to v2 (configuration <c>Terminals:SignatureV1AcceptedUntil</c>).
/// </summary>
public sealed record TerminalSignaturePolicy(DateTimeOffset V1AcceptedUntil)
{
    public static readonly TerminalSignaturePolicy Default = new(new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.Zero));
}
